package im.parley.presence;

import im.parley.account.Address;
import jakarta.persistence.Column;
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
 * One occasion on which a WATCHER received a presentity's information: the raw material
 * of WATCHER INFORMATION (RFC 2778 section 2.3).
 */
@Entity
@Table(name = "watcher_record")
public class WatcherRecord {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "presentity_id")
    private Presentity presentity;

    @Column(nullable = false, length = 2047)
    private String watcher;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private WatchKind kind;

    @Column(nullable = false, length = 16)
    private String protocol;

    @Column(name = "recorded_at", nullable = false)
    private Instant recordedAt;

    protected WatcherRecord() {
    }

    public WatcherRecord(Presentity presentity, Address watcher, WatchKind kind, String protocol, Instant at) {
        this.presentity = presentity;
        this.watcher = watcher.bare().toString();
        this.kind = kind;
        this.protocol = protocol;
        this.recordedAt = at;
    }

    public String watcher() {
        return watcher;
    }

    public WatchKind kind() {
        return kind;
    }

    public String protocol() {
        return protocol;
    }

    public Instant recordedAt() {
        return recordedAt;
    }
}
