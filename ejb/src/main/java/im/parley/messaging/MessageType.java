package im.parley.messaging;

/** The kinds of INSTANT MESSAGE that XMPP distinguishes (RFC 6121 section 5.2.2). */
public enum MessageType {
    NORMAL,
    CHAT,
    HEADLINE;

    /** RFC 6121 section 8.5.2.2.1: only normal and chat messages are kept for a closed inbox. */
    public boolean storableOffline() {
        return this != HEADLINE;
    }
}
