package im.parley.rules;

import im.parley.account.Address;
import im.parley.event.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's copy of the principals' delivery profiles. Every message needs the recipient's
 * and the sender's; reading them from the database for each one cost more than half of a
 * message's time in the chat benchmark. A change is published as {@link DeliveryProfileChanged},
 * which every node (this one right after commit) turns into {@link #forget}.
 */
@ApplicationScoped
public class DeliveryProfiles {
    /** Beyond this many principals the copy starts again, so memory stays bounded. */
    private static final int MAX_KEPT = 200_000;

    private final Map<String, DeliveryProfile> kept = new ConcurrentHashMap<>();
    /** Counts forgets, so a profile read while one happened is not kept (it may be the old one). */
    private final AtomicLong forgets = new AtomicLong();

    @PersistenceContext(unitName = "parley")
    private EntityManager em;

    @Inject
    private EventPublisher events;

    /** The profile of an existing principal, joining the caller's transaction to read it when not kept. */
    public Optional<DeliveryProfile> of(Address address) {
        String bare = address.bare().toString();
        DeliveryProfile known = kept.get(bare);
        if (known != null) {
            return Optional.of(known);
        }
        long before = forgets.get();
        Optional<DeliveryProfile> read = read(bare);
        read.ifPresent(profile -> {
            if (kept.size() >= MAX_KEPT) {
                kept.clear();
            }
            if (forgets.get() == before) {
                kept.put(bare, profile);
            }
        });
        return read;
    }

    /** Called in the transaction that changes a principal's rules or account. */
    public void changed(Address principal) {
        String bare = principal.bare().toString();
        forget(bare);
        events.publish(new DeliveryProfileChanged(bare));
    }

    public void forget(String principal) {
        forgets.incrementAndGet();
        kept.remove(principal);
    }

    private Optional<DeliveryProfile> read(String bare) {
        return em.createQuery("select p.id from Principal p where p.address = :address", Long.class)
                .setParameter("address", bare)
                .getResultStream().findFirst()
                .map(id -> new DeliveryProfile(id, Address.parse(bare), ruleOf(id), blocksAnyone(bare)));
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
