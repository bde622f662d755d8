package im.parley.rules;

/** What the access rules say of one watcher and one presentity. */
public enum AccessDecision {
    /** The watcher controls the presentity, or a rule allows it. */
    ALLOW,
    /** No rule matches: the subscription state decides. */
    BY_SUBSCRIPTION,
    DENY,
    POLITE_BLOCK
}
