package im.parley.messaging;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapsId;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A message waiting in the offline store of an INSTANT INBOX. The entry goes when the
 * message is handed over; the message stays in the archive.
 */
@Entity
@Table(name = "inbox_entry")
public class InboxEntry {
    @Id
    @Column(name = "message_id")
    private String messageId;

    @MapsId
    @OneToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "message_id")
    private InstantMessage message;

    /** The principal whose inbox holds the message. */
    @Column(name = "principal_id", nullable = false)
    private Long inbox;

    @Column(name = "sent_at", nullable = false)
    private Instant sentAt;

    protected InboxEntry() {
    }

    InboxEntry(InstantMessage message, Long inbox) {
        this.message = message;
        this.inbox = inbox;
        this.sentAt = message.sentAt();
    }

    InstantMessage message() {
        return message;
    }

    Long inbox() {
        return inbox;
    }
}
