package im.parley.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A second Parley node beside the test server: another Liberty server of the same
 * installation, with the application as built, node name {@value #NODE}, its own ports,
 * the same PostgreSQL database, and the test server's messaging engine for its events, as
 * README's "Cluster" tells an operator to set one up.
 */
public final class SecondNode implements AutoCloseable {
    public static final String NODE = "node2";
    public static final int XMPP_PORT = 25222;
    private static final int HTTPS_PORT = 29443;
    public static final String HTTPS_URL = "https://localhost:" + HTTPS_PORT;
    private static final String SERVER = "parleyNode2";

    private final Path wlp;
    private boolean crashed;

    private SecondNode(Path wlp) {
        this.wlp = wlp;
    }

    /** The messaging engine's port on the test server, which the second node's events go through. */
    public static final int MESSAGING_PORT = 17276;

    public static SecondNode start() throws Exception {
        return start(MESSAGING_PORT);
    }

    /** As {@link #start()}, the node reaching the messaging engine at {@code messagingPort} on this host. */
    public static SecondNode start(int messagingPort) throws Exception {
        Path wlp = Path.of(System.getProperty("parley.test.wlp"));
        Path first = wlp.resolve("usr/servers/parleyTest");
        Path dir = wlp.resolve("usr/servers/" + SERVER);
        if (Files.exists(dir)) {
            deleteTree(dir);
        }
        for (String part : List.of("server.xml", "server.env", "parley", "lib", "configDropins")) {
            copyTree(first.resolve(part), dir.resolve(part));
        }
        Files.createDirectories(dir.resolve("apps"));
        Files.copy(Path.of(System.getProperty("parley.ear")), dir.resolve("apps/parley-ear.ear"));
        // Set before the configuration is read: it picks which messaging file server.xml includes.
        Files.writeString(dir.resolve("server.env"), "\nPARLEY_MESSAGING_ENGINE=remote\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Files.writeString(dir.resolve("configDropins/overrides/second-node.xml"), """
                <server>
                  <variable name="parley.node" value="%s"/>
                  <variable name="parley.http.port" value="29080"/>
                  <variable name="parley.https.port" value="%d"/>
                  <variable name="parley.xmpp.port" value="%d"/>
                  <variable name="parley.xmpp.serverPort" value="0"/>
                  <!-- Its own engine listens elsewhere; its events go through the first node's. -->
                  <wasJmsEndpoint wasJmsPort="27276"/>
                  <variable name="parley.messaging.host" value="localhost"/>
                  <variable name="parley.messaging.port" value="%d"/>
                </server>
                """.formatted(NODE, HTTPS_PORT, XMPP_PORT, messagingPort));
        SecondNode node = new SecondNode(wlp);
        node.server("start");
        long deadline = System.currentTimeMillis() + 180_000;
        while (!node.offersXmpp()) {
            if (System.currentTimeMillis() > deadline) {
                String log = Files.readString(dir.resolve("logs/messages.log"));
                node.close();
                throw new IllegalStateException("The second node did not start:\n"
                        + log.substring(Math.max(0, log.length() - 20_000)));
            }
            Thread.sleep(500);
        }
        return node;
    }

    /** The XMPP listener answers a stream header: the application is up. */
    private boolean offersXmpp() {
        try (Socket socket = new Socket("127.0.0.1", XMPP_PORT)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(RawXmppClient.HEADER.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder read = new StringBuilder();
            byte[] buffer = new byte[4096];
            for (int n; !read.toString().contains("</stream:features>") && (n = in.read(buffer)) > 0; ) {
                read.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
            return read.toString().contains("</stream:features>");
        } catch (IOException notYet) {
            return false;
        }
    }

    private void server(String action) throws Exception {
        Process process = new ProcessBuilder(wlp.resolve("bin/server").toString(), action, SERVER)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("server " + action + " " + SERVER + " failed: " + output);
        }
    }

    /** Stops the node's process without ending it, as a very long pause would (SIGSTOP). */
    public void pause() throws Exception {
        signal("-STOP");
    }

    /** Lets a paused node run on (SIGCONT). */
    public void carryOn() throws Exception {
        signal("-CONT");
    }

    private void signal(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", signal, String.valueOf(pid())).redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill " + signal + " failed: " + new String(kill.getInputStream().readAllBytes()));
        }
    }

    private long pid() throws IOException {
        return Long.parseLong(Files.readString(wlp.resolve("usr/servers/.pid/" + SERVER + ".pid")).strip());
    }

    /** Kills the node's process, as a crash or a pulled plug would: nothing of it runs on. */
    public void crash() throws Exception {
        ProcessHandle process = ProcessHandle.of(pid()).orElseThrow();
        process.destroyForcibly();
        process.onExit().get(60, TimeUnit.SECONDS);
        crashed = true;
    }

    @Override
    public void close() throws Exception {
        if (!crashed) {
            server("stop");
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.exists(from)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(path);
            }
        }
    }
}
