package im.parley.presence;

import im.parley.problem.ParleyException;

import java.io.Serializable;
import java.time.Instant;

/**
 * The content of one PRESENCE TUPLE as publishers send it and watchers receive it:
 * STATUS (basic and other), an optional COMMUNICATION ADDRESS, OTHER MARKUP kept
 * verbatim, and a priority. {@code tupleKey} names the tuple within its presentity
 * (an XMPP resource, or an id chosen by an HTTP publisher).
 */
public record PresenceTupleData(
        String tupleKey,
        BasicStatus status,
        OtherStatus otherStatus,
        String note,
        String contact,
        String otherMarkup,
        int priority,
        Instant timestamp) implements Serializable {

    public static final int MAX_KEY_LENGTH = 1023;
    public static final int MAX_NOTE_LENGTH = 4096;
    public static final int MAX_MARKUP_LENGTH = 65536;

    public PresenceTupleData {
        if (tupleKey == null || tupleKey.isBlank()) {
            throw ParleyException.invalid("A presence tuple needs a key");
        }
        if (tupleKey.length() > MAX_KEY_LENGTH) {
            throw ParleyException.invalid("The tuple key is longer than " + MAX_KEY_LENGTH + " characters");
        }
        if (status == null) {
            throw ParleyException.invalid("A presence tuple needs a status (OPEN or CLOSED)");
        }
        if (note != null && note.length() > MAX_NOTE_LENGTH) {
            throw ParleyException.invalid("The status note is longer than " + MAX_NOTE_LENGTH + " characters");
        }
        if (otherMarkup != null && otherMarkup.length() > MAX_MARKUP_LENGTH) {
            throw ParleyException.invalid("The other markup is longer than " + MAX_MARKUP_LENGTH + " characters");
        }
        // RFC 6121 section 4.7.2.3: priority is an integer from -128 to +127.
        if (priority < -128 || priority > 127) {
            throw ParleyException.invalid("Priority must be between -128 and 127");
        }
        if (contact != null) {
            CommunicationAddress.of(contact);
        }
    }

    public static PresenceTupleData open(String tupleKey) {
        return new PresenceTupleData(tupleKey, BasicStatus.OPEN, null, null, null, null, 0, null);
    }

    /** What a politely blocked watcher sees of any presentity: closed, and nothing more. */
    public static PresenceTupleData politelyClosed(String tupleKey, Instant timestamp) {
        return new PresenceTupleData(tupleKey, BasicStatus.CLOSED, null, null, null, null, 0, timestamp);
    }

    public PresenceTupleData withOtherStatus(OtherStatus other, String note) {
        return new PresenceTupleData(tupleKey, status, other, note, contact, otherMarkup, priority, timestamp);
    }

    public PresenceTupleData withPriority(int newPriority) {
        return new PresenceTupleData(tupleKey, status, otherStatus, note, contact, otherMarkup, newPriority, timestamp);
    }

    public PresenceTupleData withContact(String newContact) {
        return new PresenceTupleData(tupleKey, status, otherStatus, note, newContact, otherMarkup, priority, timestamp);
    }

    public PresenceTupleData withOtherMarkup(String markup) {
        return new PresenceTupleData(tupleKey, status, otherStatus, note, contact, markup, priority, timestamp);
    }
}
