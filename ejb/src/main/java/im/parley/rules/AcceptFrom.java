package im.parley.rules;

/** Who may send INSTANT MESSAGES to an inbox. */
public enum AcceptFrom {
    EVERYONE,
    /** Only senders in the inbox principal's roster. */
    ROSTER
}
