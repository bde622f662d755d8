package im.parley.rules;

import im.parley.account.Principal;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapsId;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;

/**
 * The DELIVERY RULES (RFC 2778 section 2.4) of one principal's INSTANT INBOX: who may send
 * to it, whether messages are kept while it is closed and how many, and whether a message
 * to the bare address reaches every open session or only those of highest priority.
 * Blocked senders are access rules with action POLITE_BLOCK (XEP-0191 blocks both).
 */
@Entity
@Table(name = "delivery_rule")
public class DeliveryRule {
    @Id
    @Column(name = "principal_id")
    private Long id;

    @MapsId
    @OneToOne(optional = false)
    @JoinColumn(name = "principal_id")
    private Principal principal;

    @Enumerated(EnumType.STRING)
    @Column(name = "accept_from", nullable = false, length = 16)
    private AcceptFrom acceptFrom;

    @Column(name = "offline_storage", nullable = false)
    private boolean offlineStorage;

    /** Null: the server's default quota. */
    @Column(name = "offline_quota")
    private Integer offlineQuota;

    @Column(name = "deliver_to_all", nullable = false)
    private boolean deliverToAll;

    protected DeliveryRule() {
    }

    public DeliveryRule(Principal principal) {
        this.principal = principal;
        apply(DeliveryRuleData.DEFAULT);
    }

    public final void apply(DeliveryRuleData data) {
        this.acceptFrom = data.acceptFrom();
        this.offlineStorage = data.offlineStorage();
        this.offlineQuota = data.offlineQuota();
        this.deliverToAll = data.deliverToAll();
    }

    public DeliveryRuleData data() {
        return new DeliveryRuleData(acceptFrom, offlineStorage, offlineQuota, deliverToAll);
    }
}
