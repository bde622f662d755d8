package im.parley.config;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

import static im.parley.config.ServerVariables.text;

/**
 * Settings from server configuration: each is a {@code jndiEntry} in server.xml whose
 * value comes from a Liberty variable (and so from the environment).
 */
@ApplicationScoped
public class ParleySettings {
    private String domain;
    private String node;
    private int pollFetches;
    private Duration pollWindow;
    private Duration watcherInfoWindow;
    private int offlineQuota;

    @PostConstruct
    void load() {
        domain = text("parley/domain");
        node = text("parley/node");
        pollFetches = Integer.parseInt(text("parley/presence/pollFetches"));
        pollWindow = Duration.ofSeconds(Long.parseLong(text("parley/presence/pollWindowSeconds")));
        watcherInfoWindow = Duration.ofSeconds(Long.parseLong(text("parley/presence/watcherInfoWindowSeconds")));
        offlineQuota = Integer.parseInt(text("parley/messages/offlineQuota"));
    }

    /** The XMPP domain this server is authoritative for. */
    public String domain() {
        return domain;
    }

    /** This cluster node's name, unique in the cluster. */
    public String node() {
        return node;
    }

    public int pollFetches() {
        return pollFetches;
    }

    public Duration pollWindow() {
        return pollWindow;
    }

    public Duration watcherInfoWindow() {
        return watcherInfoWindow;
    }

    public int offlineQuota() {
        return offlineQuota;
    }
}
