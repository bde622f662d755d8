package im.parley.rules;

import im.parley.account.Address;
import im.parley.account.Principal;
import im.parley.presence.Presentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Applies a presentity's ACCESS RULES to a watcher. The one place where the services ask
 * "may this watcher see this presentity?", for every protocol.
 */
@ApplicationScoped
public class AccessControl {
    @PersistenceContext(unitName = "parley")
    private EntityManager em;

    public AccessDecision decide(Presentity presentity, Address watcher) {
        return decider(presentity).apply(watcher);
    }

    /**
     * The decision for many watchers of one presentity (a notification's fan-out): the rules
     * are read once, roster groups only when a group rule exists.
     */
    public Function<Address, AccessDecision> decider(Presentity presentity) {
        List<AccessRuleData> rules = rulesOf(presentity);
        AccessPolicy policy = new AccessPolicy(rules);
        boolean groupRules = rules.stream().anyMatch(rule -> rule.scope() == RuleScope.GROUP);
        return watcher -> {
            if (presentity.isControlledBy(watcher)) {
                return AccessDecision.ALLOW;
            }
            if (rules.isEmpty()) {
                return AccessDecision.BY_SUBSCRIPTION;
            }
            return policy.decide(watcher, groupRules ? groupsOf(presentity, watcher) : Set.of());
        };
    }

    public List<AccessRuleData> rulesOf(Presentity presentity) {
        return em.createQuery("select r from AccessRule r where r.presentity = :presentity", AccessRule.class)
                .setParameter("presentity", presentity)
                .getResultStream().map(AccessRule::data).toList();
    }

    /** The roster groups in which the presentity's principals have filed the watcher. */
    private Set<String> groupsOf(Presentity presentity, Address watcher) {
        Set<Principal> owners = presentity.controllers();
        if (owners.isEmpty()) {
            return Set.of();
        }
        List<String> groups = em.createQuery(
                        "select g from RosterItem i join i.groups g where i.owner in :owners and i.contact = :contact",
                        String.class)
                .setParameter("owners", owners)
                .setParameter("contact", watcher.bare().toString())
                .getResultList();
        return new HashSet<>(groups);
    }
}
