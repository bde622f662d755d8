package im.parley.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapsId;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A principal's public profile: what its clients publish about it (name, photo...), kept
 * verbatim in the form its clients wrote it (for XMPP clients, a XEP-0054 vCard).
 */
@Entity
@Table(name = "profile")
public class Profile {
    public static final int MAX_LENGTH = 65536;

    @Id
    @Column(name = "principal_id")
    private Long id;

    @MapsId
    @OneToOne(optional = false)
    @JoinColumn(name = "principal_id")
    private Principal principal;

    @Column(nullable = false, length = MAX_LENGTH)
    private String content;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Profile() {
    }

    public Profile(Principal principal, String content) {
        this.principal = principal;
        update(content);
    }

    public final void update(String newContent) {
        this.content = newContent;
        this.updatedAt = Instant.now();
    }

    public String content() {
        return content;
    }
}
