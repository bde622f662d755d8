package im.parley.session;

import java.io.Serializable;
import java.time.Instant;

/** A client session as an administrator sees it. */
public record SessionData(String id, String address, String protocol, String node, Instant openedAt)
        implements Serializable {
}
