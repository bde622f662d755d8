package im.parley.presence;

/** How a WATCHER received presence information (RFC 2778 section 2.3). */
public enum WatchKind {
    /** Asked once for the current value. */
    FETCH,
    /** A fetcher that fetches on a regular basis. */
    POLL,
    /** Asked to be notified of future changes. */
    SUBSCRIBE
}
