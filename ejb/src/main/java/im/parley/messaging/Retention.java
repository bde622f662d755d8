package im.parley.messaging;

/** What the instant message service keeps of an accepted message besides handing it to open sessions. */
public enum Retention {
    /** Archived, and kept in the offline store while no session of the recipient is open. */
    KEPT,
    /**
     * Handed to the sessions open now and nothing more: neither archived nor stored offline,
     * and dropped when no session takes it. For content that is stale once the moment has
     * passed: a standalone chat state notification (XEP-0085 section 5.8, XEP-0160 section 3)
     * or a message its sender marked "no-store" (XEP-0334).
     */
    LIVE_ONLY
}
