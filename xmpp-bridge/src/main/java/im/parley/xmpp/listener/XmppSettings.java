package im.parley.xmpp.listener;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.nio.file.Path;

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

    @PostConstruct
    void load() {
        domain = text("parley/domain");
        port = Integer.parseInt(text("parley/xmpp/port"));
        maxStanzaBytes = Integer.parseInt(text("parley/xmpp/maxStanzaBytes"));
        registration = Boolean.parseBoolean(text("parley/xmpp/registration"));
        keyStore = Path.of(text("parley/xmpp/keyStore"));
        keyStorePassword = text("parley/xmpp/keyStorePassword");
        serviceThreads = Integer.parseInt(text("parley/xmpp/serviceThreads"));
    }

    private static String text(String name) {
        try {
            Object value = InitialContext.doLookup(name);
            return String.valueOf(value).strip();
        } catch (NamingException e) {
            throw new IllegalStateException("Server configuration lacks the jndiEntry " + name, e);
        }
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

    /** Threads that run service calls for connections, apart from the I/O threads. */
    public int serviceThreads() {
        return serviceThreads;
    }
}
