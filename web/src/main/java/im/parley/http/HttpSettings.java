package im.parley.http;

import im.parley.config.ServerVariables;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

/** Settings of the HTTP interface, from server configuration (see server.xml). */
@ApplicationScoped
public class HttpSettings {
    private int httpsPort;
    private boolean requireTls;
    private int maxBodyBytes;
    private int keepAliveSeconds;

    @PostConstruct
    void load() {
        httpsPort = Integer.parseInt(ServerVariables.text("parley/http/httpsPort"));
        requireTls = Boolean.parseBoolean(ServerVariables.text("parley/http/requireTls"));
        maxBodyBytes = Integer.parseInt(ServerVariables.text("parley/http/maxBodyBytes"));
        keepAliveSeconds = Integer.parseInt(ServerVariables.text("parley/http/keepAliveSeconds"));
    }

    public int httpsPort() {
        return httpsPort;
    }

    /** Whether plain HTTP is turned away (the page redirected, the API refused). */
    public boolean requireTls() {
        return requireTls;
    }

    /**
     * How often a live stream gets a keep-alive. Writing is also how a stream whose client
     * left is noticed (its presence withdrawn, its unacknowledged messages stored).
     */
    public int keepAliveSeconds() {
        return keepAliveSeconds;
    }

    /** The largest request body the API reads. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }
}
