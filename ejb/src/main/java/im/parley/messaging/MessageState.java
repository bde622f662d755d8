package im.parley.messaging;

/** Where an accepted INSTANT MESSAGE stands. Every accepted message is in one of them. */
public enum MessageState {
    /** Handed to one or more open sessions of the recipient's inbox. */
    DELIVERED,
    /** Kept in the recipient's offline store until its inbox opens. */
    STORED,
    /** Live only ({@link Retention#LIVE_ONLY}), and no session was open to take it: not kept anywhere. */
    DISCARDED
}
