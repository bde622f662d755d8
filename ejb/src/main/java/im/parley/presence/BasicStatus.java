package im.parley.presence;

/**
 * The distinguished STATUS values of RFC 2778 section 2.2: whether the INSTANT INBOX behind
 * a tuple's address accepts an INSTANT MESSAGE (OPEN) or not (CLOSED).
 */
public enum BasicStatus {
    OPEN,
    CLOSED
}
