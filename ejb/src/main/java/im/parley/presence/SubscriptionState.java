package im.parley.presence;

/**
 * Where one watcher's subscription to one presentity stands. RFC 6121's nine roster
 * states (Appendix A) are pairs of these, one for each direction; see
 * {@link im.parley.roster.RosterSubscription}.
 */
public enum SubscriptionState {
    /** No subscription; the row may still carry a pre-approval (RFC 6121 section 3.4). */
    NONE,
    /** The watcher asked and the presentity's principal has not answered. */
    PENDING,
    /** Approved: the watcher is a SUBSCRIBER and receives NOTIFICATIONS. */
    ACTIVE
}
