package im.parley.presence;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One PRESENCE TUPLE (RFC 2778 section 2.2) of a presentity as the presence service stores
 * it: one per XMPP resource, or one per tuple published over HTTP. A tuple published by a
 * session names that session, so the tuple is withdrawn when the session ends.
 */
@Entity
@Table(name = "presence_tuple")
public class PresenceTuple {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "presentity_id")
    private Presentity presentity;

    @Column(name = "tuple_key", nullable = false, length = PresenceTupleData.MAX_KEY_LENGTH)
    private String tupleKey;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 6)
    private BasicStatus status;

    @Enumerated(EnumType.STRING)
    @Column(name = "other_status", length = 16)
    private OtherStatus otherStatus;

    @Column(length = PresenceTupleData.MAX_NOTE_LENGTH)
    private String note;

    @Embedded
    private CommunicationAddress contact;

    @Column(name = "other_markup", length = PresenceTupleData.MAX_MARKUP_LENGTH)
    private String otherMarkup;

    @Column(nullable = false)
    private int priority;

    @Column(name = "session_id", length = 64)
    private String sessionId;

    @Column(name = "published_at", nullable = false)
    private Instant publishedAt;

    protected PresenceTuple() {
    }

    public PresenceTuple(Presentity presentity, PresenceTupleData data, String sessionId) {
        this.presentity = presentity;
        this.tupleKey = data.tupleKey();
        apply(data, sessionId);
    }

    public final void apply(PresenceTupleData data, String publishingSession) {
        this.status = data.status();
        this.otherStatus = data.otherStatus();
        this.note = data.note();
        this.contact = data.contact() == null ? null : CommunicationAddress.of(data.contact());
        this.otherMarkup = data.otherMarkup();
        this.priority = data.priority();
        this.sessionId = publishingSession;
        this.publishedAt = Instant.now();
    }

    public PresenceTupleData data() {
        return new PresenceTupleData(tupleKey, status, otherStatus, note,
                contact == null ? null : contact.contactAddress(), otherMarkup, priority, publishedAt);
    }

    public Presentity presentity() {
        return presentity;
    }

    public String tupleKey() {
        return tupleKey;
    }

    public BasicStatus status() {
        return status;
    }

    public int priority() {
        return priority;
    }

    public String sessionId() {
        return sessionId;
    }
}
