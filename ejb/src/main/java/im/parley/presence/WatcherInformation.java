package im.parley.presence;

import java.io.Serializable;
import java.time.Instant;

/**
 * One line of WATCHER INFORMATION (RFC 2778 section 2.3): a watcher, how it watched
 * (its most telling kind: SUBSCRIBE over POLL over FETCH), over which protocol, when last,
 * and how often in the span asked for.
 */
public record WatcherInformation(String watcher, WatchKind kind, String protocol,
                                 Instant lastSeen, long count) implements Serializable {
}
