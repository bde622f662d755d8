package im.parley.testsupport;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Another XMPP domain, {@value #DOMAIN}, served by Debian's Prosody on this machine, for the
 * federation tests: it finds Parley's domain in DNS (a hosts file of its own) and Parley finds
 * it by a configured route. Started with a fresh data directory and certificate.
 */
public final class PeerServer implements AutoCloseable {
    public static final String DOMAIN = "peer.test";
    public static final int CLIENT_PORT = 15322;
    /** Where Parley's test configuration routes {@value #DOMAIN}. */
    public static final int SERVER_PORT = 15269;

    private final Path dir;
    private final Process prosody;

    private PeerServer(Path dir, Process prosody) {
        this.dir = dir;
        this.prosody = prosody;
    }

    public static PeerServer start() throws Exception {
        Path dir = Files.createTempDirectory("prosody");
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("hosts"), "127.0.0.1 " + Fixtures.DOMAIN + "\n");
        run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", dir.resolve(DOMAIN + ".key").toString(), "-out", dir.resolve(DOMAIN + ".crt").toString(),
                "-days", "30", "-subj", "/CN=" + DOMAIN);
        Process prosody = command(dir, "prosody", "--config", config()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        PeerServer server = new PeerServer(dir, prosody);
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", CLIENT_PORT)) {
                return server;
            } catch (IOException notYet) {
                if (!prosody.isAlive() || System.currentTimeMillis() > deadline) {
                    server.close();
                    throw new IllegalStateException("Prosody did not start: " + server.log());
                }
                Thread.sleep(100);
            }
        }
    }

    private static String config() {
        return Path.of(System.getProperty("parley.test.prosody", "src/test/prosody"), "prosody.cfg.lua").toString();
    }

    private static ProcessBuilder command(Path dir, String... command) {
        ProcessBuilder builder = new ProcessBuilder(List.of(command));
        builder.environment().put("PROSODY_DIR", dir.toString());
        return builder;
    }

    private static void run(Path dir, String... command) throws Exception {
        Process process = command(dir, command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    /** A fresh account on the peer, signed in over TLS. */
    public XMPPTCPConnection newUser(String name, String resource) throws Exception {
        String username = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        run(dir, "prosodyctl", "--config", config(), "register", username, DOMAIN, XmppClients.PASSWORD);
        XMPPTCPConnection connection = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(JidCreate.domainBareFrom(DOMAIN))
                .setHost("127.0.0.1")
                .setPort(CLIENT_PORT)
                .setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(new TrustTheTestCertificate())
                .setHostnameVerifier((host, session) -> true)
                .setSendPresence(false)
                .setConnectTimeout(20_000)
                .build());
        connection.setReplyTimeout(20_000);
        connection.connect();
        connection.login(username, XmppClients.PASSWORD, Resourcepart.from(resource));
        return connection;
    }

    /** Prosody's own log, for a failure message. */
    public String log() {
        try {
            Path log = dir.resolve("prosody.log");
            String text = Files.exists(log) ? Files.readString(log) : Files.readString(dir.resolve("stdout.log"));
            return text.length() > 20_000 ? text.substring(text.length() - 20_000) : text;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws Exception {
        prosody.destroy();
        if (!prosody.waitFor(10, TimeUnit.SECONDS)) {
            prosody.destroyForcibly();
        }
    }
}
