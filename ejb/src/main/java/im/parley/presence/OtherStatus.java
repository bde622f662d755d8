package im.parley.presence;

/**
 * OTHER STATUS values beyond OPEN/CLOSED: those XMPP carries in {@code <show/>}
 * (RFC 6121 section 4.7.2.1). Free text goes in the tuple's note.
 */
public enum OtherStatus {
    CHAT,
    AWAY,
    XA,
    DND
}
