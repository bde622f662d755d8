package im.parley.rules;

/** What an ACCESS RULE does with the watchers it matches. */
public enum AccessAction {
    /** May see the presentity's information without a subscription; subscriptions are approved at once. */
    ALLOW,
    /** Gets nothing: fetches are refused, subscriptions refused, no notifications. */
    DENY,
    /**
     * Polite blocking: the watcher sees the presentity as CLOSED and learns nothing more; its
     * subscription requests stay pending forever and its messages are refused (XEP-0191).
     */
    POLITE_BLOCK
}
