package im.parley.messaging;

import im.parley.account.Principal;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapsId;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;

/**
 * An INSTANT INBOX (RFC 2778 section 2.5): the receptacle of a principal's messages. Its
 * open part is the principal's live sessions; this row is its durable part, the offline
 * store, and counts what the store holds so the quota holds under concurrent senders
 * (the row is locked while a message is stored).
 */
@Entity
@Table(name = "instant_inbox")
public class InstantInbox {
    @Id
    @Column(name = "principal_id")
    private Long id;

    @MapsId
    @OneToOne(optional = false)
    @JoinColumn(name = "principal_id")
    private Principal owner;

    @Column(name = "stored_count", nullable = false)
    private int storedCount;

    protected InstantInbox() {
    }

    public InstantInbox(Principal owner) {
        this.owner = owner;
    }

    public boolean hasRoomFor(int quota) {
        return storedCount < quota;
    }

    /** Keeps a message until the principal signs in; the entry returned is to be persisted. */
    InboxEntry keep(InstantMessage message) {
        message.stored();
        storedCount++;
        return new InboxEntry(message, id);
    }

    /**
     * Holds a message that is being handed to a session of the principal, until the session
     * has taken it (its node handed it over, or its client confirmed it); the message stays
     * delivered (a sign-in before then gets it from here too).
     */
    InboxEntry holdUntilTaken(InstantMessage message) {
        storedCount++;
        return new InboxEntry(message, id);
    }

    /** A waiting message was handed over: its entry is to be removed. */
    void handedOver(InboxEntry entry) {
        entry.message().delivered();
        drained(1);
    }

    public void drained(int count) {
        storedCount = Math.max(0, storedCount - count);
    }

    public int storedCount() {
        return storedCount;
    }

    public Principal owner() {
        return owner;
    }
}
