package im.parley.messaging;

import im.parley.account.Address;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Objects;

/**
 * An INSTANT MESSAGE (RFC 2778 section 2.5) accepted by the instant message service. Each
 * row is also the archive's record of it, for both sender and recipient.
 */
@Entity
@Table(name = "instant_message")
public class InstantMessage {
    public static final int MAX_BODY_LENGTH = 65536;
    public static final int MAX_PAYLOAD_LENGTH = 65536;
    public static final int MAX_CLIENT_ID_LENGTH = 1023;

    @Id
    @Column(length = 36)
    private String id;

    @Column(name = "client_id", length = MAX_CLIENT_ID_LENGTH)
    private String clientId;

    @Column(nullable = false, length = 3071)
    private String sender;

    @Column(name = "sender_bare", nullable = false, length = 2047)
    private String senderBare;

    @Column(nullable = false, length = 3071)
    private String recipient;

    @Column(name = "recipient_bare", nullable = false, length = 2047)
    private String recipientBare;

    @Enumerated(EnumType.STRING)
    @Column(name = "message_type", nullable = false, length = 16)
    private MessageType type;

    @Column(length = MAX_BODY_LENGTH)
    private String body;

    @Column(length = MAX_PAYLOAD_LENGTH)
    private String payload;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private MessageState state;

    @Column(name = "sent_at", nullable = false)
    private Instant sentAt;

    /** The sending principal, by id: the archive index of its sent messages (none for one of another domain). */
    @Column(name = "sender_id")
    private Long senderId;

    /** The receiving principal, by id: the archive index of its received messages (none for one of another domain). */
    @Column(name = "recipient_id")
    private Long recipientId;

    @Column(name = "delivered_at")
    private Instant deliveredAt;

    protected InstantMessage() {
    }

    public InstantMessage(String clientId, Address sender, Long senderId, Address recipient, Long recipientId,
                          MessageType type, String body, String payload) {
        this.id = TimeOrderedId.next();
        this.clientId = clientId;
        this.sender = sender.toString();
        this.senderBare = sender.bare().toString();
        this.recipient = recipient.toString();
        this.recipientBare = recipient.bare().toString();
        this.type = type;
        this.body = body;
        this.payload = payload;
        this.sentAt = Instant.now();
        this.senderId = senderId;
        this.recipientId = recipientId;
    }

    /** The receiving principal's id; null for a recipient of another domain. */
    public Long recipientId() {
        return recipientId;
    }

    /** Handed to a session; a message handed over before keeps the time it first was. */
    public void delivered() {
        if (state == MessageState.DELIVERED) {
            return;
        }
        state = MessageState.DELIVERED;
        deliveredAt = Instant.now();
    }

    public void stored() {
        state = MessageState.STORED;
        deliveredAt = null;
    }

    Instant sentAt() {
        return sentAt;
    }

    /** What the archive's row holds, for {@link ArchiveRows}. */
    ArchiveRows.Row row() {
        return new ArchiveRows.Row(id, clientId, sender, senderBare, recipient, recipientBare, type.name(), body,
                payload, state.name(), sentAt, deliveredAt, senderId, recipientId);
    }

    public InstantMessageData data() {
        return new InstantMessageData(id, clientId, sender, recipient, type, body, payload, sentAt);
    }

    /** Whether the message is in the archive of this principal. */
    boolean involves(long principalId) {
        return Objects.equals(senderId, principalId) || Objects.equals(recipientId, principalId);
    }

    public String id() {
        return id;
    }

    public MessageState state() {
        return state;
    }

    public MessageType type() {
        return type;
    }

    public Address recipient() {
        return Address.parse(recipient);
    }

    public Address recipientBare() {
        return Address.parse(recipientBare);
    }
}
