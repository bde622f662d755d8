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

    @PostConstruct
    void load() {
        httpsPort = Integer.parseInt(ServerVariables.text("parley/http/httpsPort"));
        requireTls = Boolean.parseBoolean(ServerVariables.text("parley/http/requireTls"));
        maxBodyBytes = Integer.parseInt(ServerVariables.text("parley/http/maxBodyBytes"));
    }

    public int httpsPort() {
        return httpsPort;
    }

    /** Whether plain HTTP is turned away (the page redirected, the API refused). */
    public boolean requireTls() {
        return requireTls;
    }

    /** The largest request body the API reads. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }
}
