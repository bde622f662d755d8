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

/**
 * Applies a presentity's ACCESS RULES to a watcher. The one place where the services ask
 * "may this watcher see this presentity?", for every protocol.
 */
@ApplicationScoped
public class AccessControl {
    @PersistenceContext(unitName = "parley")
    private EntityManager em;

    public AccessDecision decide(Presentity presentity, Address watcher) {
        if (presentity.isControlledBy(watcher)) {
            return AccessDecision.ALLOW;
        }
        List<AccessRuleData> rules = rulesOf(presentity);
        if (rules.isEmpty()) {
            return AccessDecision.BY_SUBSCRIPTION;
        }
        return new AccessPolicy(rules).decide(watcher, groupsOf(presentity, watcher));
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
