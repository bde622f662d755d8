package im.parley.xmpp.listener;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;
import java.util.UUID;

import static im.parley.config.ServerVariables.optionalText;
import static im.parley.config.ServerVariables.text;

/** The XMPP listener's settings: {@code jndiEntry}s of server.xml fed by Liberty variables. */
@ApplicationScoped
public class XmppSettings {
    private String domain;
    private int port;
    private int maxStanzaBytes;
    private boolean registration;
    private Path keyStore;
    private String keyStorePassword;
    private int serviceThreads;
    private int signInsPerAddress;
    private int resumeSeconds;
    private int serverPort;
    private String federationRoutes;
    private int federationIdleSeconds;
    private String dialbackSecret;

    @PostConstruct
    void load() {
        domain = text("parley/domain");
        port = Integer.parseInt(text("parley/xmpp/port"));
        maxStanzaBytes = Integer.parseInt(text("parley/xmpp/maxStanzaBytes"));
        registration = Boolean.parseBoolean(text("parley/xmpp/registration"));
        keyStore = Path.of(text("parley/xmpp/keyStore"));
        keyStorePassword = text("parley/xmpp/keyStorePassword");
        serviceThreads = Integer.parseInt(text("parley/xmpp/serviceThreads"));
        signInsPerAddress = Integer.parseInt(text("parley/xmpp/signInsPerAddress"));
        resumeSeconds = Integer.parseInt(text("parley/xmpp/resumeSeconds"));
        serverPort = Integer.parseInt(text("parley/xmpp/serverPort"));
        federationRoutes = optionalText("parley/xmpp/federationRoutes").orElse("");
        federationIdleSeconds = Integer.parseInt(text("parley/xmpp/federationIdleSeconds"));
        // Random unless configured: keys made before a restart then fail, and the other server retries.
        dialbackSecret = optionalText("parley/xmpp/dialbackSecret").orElseGet(() -> UUID.randomUUID().toString());
    }

    public String domain() {
        return domain;
    }

    /** The client-to-server port (RFC 6120 section 3.2.1: 5222). */
    public int port() {
        return port;
    }

    public int maxStanzaBytes() {
        return maxStanzaBytes;
    }

    /** Whether XEP-0077 in-band registration is offered. */
    public boolean registration() {
        return registration;
    }

    /** A PKCS#12 file with the TLS key and certificate; made self-signed on first start if absent. */
    public Path keyStore() {
        return keyStore;
    }

    public String keyStorePassword() {
        return keyStorePassword;
    }

    /** How long a session whose connection dropped waits to be resumed (XEP-0198). */
    public int resumeSeconds() {
        return resumeSeconds;
    }

    /** Connections one address may hold open before signing in. */
    public int signInsPerAddress() {
        return signInsPerAddress;
    }

    /** The server-to-server port (RFC 6120 section 3.2.2: 5269); 0 when federation is off. */
    public int serverPort() {
        return serverPort;
    }

    /** Configured addresses of other domains' servers, as {@code domain=host:port} pairs. */
    public String federationRoutes() {
        return federationRoutes;
    }

    /** How long a stream to another domain's server may carry nothing before it is closed. */
    public int federationIdleSeconds() {
        return federationIdleSeconds;
    }

    public String dialbackSecret() {
        return dialbackSecret;
    }

    /** Threads that run service calls for connections, apart from the I/O threads. */
    public int serviceThreads() {
        return serviceThreads;
    }
}
