package im.parley.rules;

import im.parley.account.Address;
import im.parley.account.Directory;
import im.parley.account.Principal;
import im.parley.presence.PresenceService;
import im.parley.presence.Presentity;
import im.parley.presence.SubscriptionData;
import im.parley.presence.SubscriptionState;
import im.parley.problem.ParleyException;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * ACCESS, VISIBILITY and DELIVERY RULES, each set by the principal whose rule it is.
 * A change of access rules takes effect at once: subscribers who may no longer see the
 * presentity are sent CLOSED.
 */
@Stateless
public class RulesService {
    @PersistenceContext(unitName = "parley")
    private EntityManager em;

    @Inject
    private Directory directory;

    @Inject
    private AccessControl access;

    @EJB
    private PresenceService presence;

    @Inject
    private DeliveryProfiles profiles;

    /** Adds a rule, or changes the action of the rule with the same scope and pattern. */
    public AccessRuleData setAccessRule(Address actor, Address presentityAddress, AccessRuleData rule) {
        Presentity presentity = directory.controlledPresentity(actor, presentityAddress);
        findRule(presentity, rule.scope(), rule.pattern()).ifPresentOrElse(
                existing -> existing.setAction(rule.action()),
                () -> em.persist(new AccessRule(presentity, rule)));
        em.flush();
        profiles.changed(presentity.address());
        Set<String> cutOff = presence.subscriptions(actor, presentityAddress).stream()
                .filter(s -> s.state() == SubscriptionState.ACTIVE)
                .map(SubscriptionData::watcher)
                .filter(watcher -> {
                    AccessDecision decision = access.decide(presentity, Address.parse(watcher));
                    return decision == AccessDecision.DENY || decision == AccessDecision.POLITE_BLOCK;
                })
                .collect(Collectors.toSet());
        if (!cutOff.isEmpty()) {
            presence.closedFor(presentity, cutOff);
        }
        return rule;
    }

    public void removeAccessRule(Address actor, Address presentityAddress, RuleScope scope, String pattern) {
        Presentity presentity = directory.controlledPresentity(actor, presentityAddress);
        AccessRuleData key = new AccessRuleData(scope, pattern, AccessAction.ALLOW);
        AccessRule rule = findRule(presentity, key.scope(), key.pattern())
                .orElseThrow(() -> ParleyException.notFound("No " + scope + " rule for " + pattern));
        em.remove(rule);
        profiles.changed(presentity.address());
    }

    public List<AccessRuleData> accessRules(Address actor, Address presentityAddress) {
        return access.rulesOf(directory.controlledPresentity(actor, presentityAddress));
    }

    private Optional<AccessRule> findRule(Presentity presentity, RuleScope scope, String pattern) {
        return em.createQuery("select r from AccessRule r where r.presentity = :p and r.scope = :scope"
                        + " and r.pattern = :pattern", AccessRule.class)
                .setParameter("p", presentity)
                .setParameter("scope", scope)
                .setParameter("pattern", pattern)
                .getResultStream().findFirst();
    }

    /** Sets the actor's visibility rule for one presentity, or for all when {@code presentity} is null. */
    public VisibilityRuleData setVisibilityRule(Address actor, VisibilityRuleData rule) {
        Principal watcher = directory.principal(actor);
        String presentity = rule.presentity() == null ? null : Address.parse(rule.presentity()).bare().toString();
        TypedQuery<VisibilityRule> query = presentity == null
                ? em.createQuery("select v from VisibilityRule v where v.watcher = :w and v.presentity is null",
                        VisibilityRule.class)
                : em.createQuery("select v from VisibilityRule v where v.watcher = :w and v.presentity = :p",
                        VisibilityRule.class).setParameter("p", presentity);
        List<VisibilityRule> existing = query.setParameter("w", watcher).getResultList();
        if (existing.isEmpty()) {
            em.persist(new VisibilityRule(watcher, presentity, rule.hideFetches()));
        } else {
            existing.get(0).setHideFetches(rule.hideFetches());
        }
        return new VisibilityRuleData(presentity, rule.hideFetches());
    }

    public List<VisibilityRuleData> visibilityRules(Address actor) {
        return em.createQuery("select v from VisibilityRule v where v.watcher = :w", VisibilityRule.class)
                .setParameter("w", directory.principal(actor))
                .getResultStream().map(VisibilityRule::data).toList();
    }

    public DeliveryRuleData setDeliveryRule(Address actor, DeliveryRuleData rule) {
        deliveryRuleOf(actor).apply(rule);
        profiles.changed(actor);
        return rule;
    }

    public DeliveryRuleData deliveryRule(Address actor) {
        return deliveryRuleOf(actor).data();
    }

    private DeliveryRule deliveryRuleOf(Address actor) {
        Principal principal = directory.principal(actor);
        DeliveryRule rule = em.find(DeliveryRule.class, principal.id());
        if (rule == null) {
            rule = new DeliveryRule(principal);
            em.persist(rule);
        }
        return rule;
    }
}
