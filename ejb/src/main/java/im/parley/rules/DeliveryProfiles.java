package im.parley.rules;

import im.parley.account.Address;
import im.parley.event.EventPublisher;
import im.parley.event.EventTopicHeard;
import im.parley.event.NodeCopy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.Optional;

/**
 * This node's copy of the principals' delivery profiles. Every message needs the recipient's
 * and the sender's; reading them from the database for each one cost more than half of a
 * message's time in the chat benchmark. A change is published as {@link DeliveryProfileChanged},
 * which every node (this one right after commit) turns into {@link #forget}.
 */
@ApplicationScoped
public class DeliveryProfiles {
    private final NodeCopy<DeliveryProfile> kept = new NodeCopy<>(200_000);

    @PersistenceContext(unitName = "parley")
    private EntityManager em;

    @Inject
    private EventPublisher events;

    /** The profile of an existing principal, joining the caller's transaction to read it when not kept. */
    public Optional<DeliveryProfile> of(Address address) {
        return Optional.ofNullable(kept.get(address.bare().toString(), this::read));
    }

    /** Called in the transaction that changes a principal's rules or account. */
    public void changed(Address principal) {
        String bare = principal.bare().toString();
        forget(bare);
        events.publish(new DeliveryProfileChanged(bare));
    }

    public void forget(String principal) {
        kept.forget(principal);
    }

    void forgetAll(@Observes EventTopicHeard heard) {
        kept.forgetAll();
    }

    private DeliveryProfile read(String bare) {
        return em.createQuery("select p.id from Principal p where p.address = :address", Long.class)
                .setParameter("address", bare)
                .getResultStream().findFirst()
                .map(id -> new DeliveryProfile(id, Address.parse(bare), ruleOf(id), blocksAnyone(bare)))
                .orElse(null);
    }

    private DeliveryRuleData ruleOf(Long principalId) {
        DeliveryRule rule = em.find(DeliveryRule.class, principalId);
        return rule == null ? DeliveryRuleData.DEFAULT : rule.data();
    }

    private boolean blocksAnyone(String bare) {
        return !em.createQuery("select r.id from AccessRule r where r.presentity.address = :owner"
                        + " and r.action = :block", Long.class)
                .setParameter("owner", bare)
                .setParameter("block", AccessAction.POLITE_BLOCK)
                .setMaxResults(1)
                .getResultList().isEmpty();
    }
}
