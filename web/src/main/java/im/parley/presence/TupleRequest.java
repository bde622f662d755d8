package im.parley.presence;

/**
 * A presence tuple as an HTTP publisher sends it; the key comes from the URL. {@code status}
 * is OPEN or CLOSED, {@code otherStatus} one of CHAT, AWAY, XA, DND, {@code contact} any
 * URI (xmpp:, sip:, tel:, mailto:...).
 */
public record TupleRequest(BasicStatus status, OtherStatus otherStatus, String note, String contact,
                           String otherMarkup, Integer priority) {

    PresenceTupleData toData(String key) {
        return new PresenceTupleData(key, status, otherStatus, note, contact, otherMarkup,
                priority == null ? 0 : priority, null);
    }
}
