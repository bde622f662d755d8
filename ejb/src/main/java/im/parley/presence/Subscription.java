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
 * A WATCHER's request to be notified of a PRESENTITY's changes (RFC 2778 section 2.3):
 * pending until the presentity's principal approves, active after, optionally expiring.
 * A presentity's principal may pre-approve a watcher before it asks (RFC 6121 section 3.4).
 */
@Entity
@Table(name = "subscription")
public class Subscription {
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
    private SubscriptionState state;

    @Column(name = "pre_approved", nullable = false)
    private boolean preApproved;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Subscription() {
    }

    public Subscription(Presentity presentity, Address watcher) {
        this.presentity = presentity;
        this.watcher = watcher.bare().toString();
        this.state = SubscriptionState.NONE;
        this.updatedAt = Instant.now();
    }

    public void request(Instant expiry) {
        if (state == SubscriptionState.NONE) {
            state = SubscriptionState.PENDING;
        }
        this.expiresAt = expiry;
        touch();
    }

    public void activate() {
        state = SubscriptionState.ACTIVE;
        preApproved = false; // RFC 6121 section 3.4: a pre-approval is used up by the subscription it approves
        touch();
    }

    public void preApprove() {
        preApproved = true;
        touch();
    }

    public void end() {
        state = SubscriptionState.NONE;
        preApproved = false;
        expiresAt = null;
        touch();
    }

    public boolean isExpired(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    public boolean isActive(Instant now) {
        return state == SubscriptionState.ACTIVE && !isExpired(now);
    }

    private void touch() {
        updatedAt = Instant.now();
    }

    public SubscriptionData data() {
        return new SubscriptionData(presentity.address().toString(), watcher, state, preApproved, expiresAt);
    }

    public Presentity presentity() {
        return presentity;
    }

    public Address watcher() {
        return Address.parse(watcher);
    }

    public SubscriptionState state() {
        return state;
    }

    public boolean isPreApproved() {
        return preApproved;
    }

    public Instant expiresAt() {
        return expiresAt;
    }
}
