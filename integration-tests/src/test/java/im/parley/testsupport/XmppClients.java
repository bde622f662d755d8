package im.parley.testsupport;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;
import org.jxmpp.jid.parts.Resourcepart;

import java.util.UUID;

/**
 * Smack clients connected to the Parley under test over real sockets, with TLS. The test
 * server's certificate is the self-signed one Parley made, so these clients trust it.
 */
public final class XmppClients {
    public static final String DOMAIN = Fixtures.DOMAIN;
    public static final String PASSWORD = "secret in transit";

    private XmppClients() {
    }

    public static int port() {
        return Integer.parseInt(System.getProperty("parley.test.xmpp.port", "15222"));
    }

    public static XMPPTCPConnectionConfiguration.Builder configuration() throws Exception {
        return XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(JidCreate.domainBareFrom(DOMAIN))
                .setHost("127.0.0.1")
                .setPort(port())
                .setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(new TrustTheTestCertificate())
                .setHostnameVerifier((host, session) -> true)
                .setSendPresence(false)
                .setConnectTimeout(20_000);
    }

    /** A fresh name: registers it in-band (XEP-0077) and returns the logged-in connection. */
    public static XMPPTCPConnection newUser(String name, String resource) throws Exception {
        String username = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        XMPPTCPConnection connection = new XMPPTCPConnection(configuration().build());
        connection.setReplyTimeout(20_000);
        connection.connect();
        AccountManager.getInstance(connection).createAccount(Localpart.from(username), PASSWORD);
        connection.login(username, PASSWORD, Resourcepart.from(resource));
        return connection;
    }

    /** The bare address of an account of the test domain. */
    public static org.jxmpp.jid.BareJid bareAddress(String username) throws Exception {
        return JidCreate.bareFrom(username + "@" + DOMAIN);
    }

    /** Another connection for an existing account. */
    public static XMPPTCPConnection login(String username, String resource) throws Exception {
        return login(username, resource, port());
    }

    /** Another connection for an existing account, to the node listening on {@code port}. */
    public static XMPPTCPConnection login(String username, String resource, int port) throws Exception {
        XMPPTCPConnection connection = new XMPPTCPConnection(configuration().setPort(port).build());
        connection.setReplyTimeout(20_000);
        connection.connect();
        connection.login(username, PASSWORD, Resourcepart.from(resource));
        return connection;
    }
}
