package im.parley.messaging;

/**
 * How a session receives a message: as its recipient, or as a copy for another session of
 * the same principal that asked for copies (XEP-0280 message carbons).
 */
public enum MessageCopy {
    /** The session is a recipient of the message. */
    ORIGINAL,
    /** A copy of a message another session of the principal received. */
    RECEIVED_COPY,
    /** A copy of a message another session of the principal sent. */
    SENT_COPY
}
