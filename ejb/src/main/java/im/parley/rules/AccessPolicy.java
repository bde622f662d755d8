package im.parley.rules;

import im.parley.account.Address;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates a presentity's ACCESS RULES for one watcher. The most specific matching
 * scope wins (address over roster group over domain); within one scope the strictest
 * action wins (polite block over deny over allow), so a mistake errs towards privacy.
 */
public final class AccessPolicy {
    private final Collection<AccessRuleData> rules;

    public AccessPolicy(Collection<AccessRuleData> rules) {
        this.rules = rules;
    }

    public AccessDecision decide(Address watcher, Set<String> watcherGroups) {
        String bare = watcher.bare().toString();
        String domain = watcher.domainpart();
        Optional<AccessRuleData> winner = rules.stream()
                .filter(rule -> matches(rule, bare, domain, watcherGroups))
                .min(Comparator.comparing(AccessRuleData::scope)
                        .thenComparing(rule -> strictness(rule.action())));
        return winner.map(rule -> switch (rule.action()) {
            case ALLOW -> AccessDecision.ALLOW;
            case DENY -> AccessDecision.DENY;
            case POLITE_BLOCK -> AccessDecision.POLITE_BLOCK;
        }).orElse(AccessDecision.BY_SUBSCRIPTION);
    }

    private static boolean matches(AccessRuleData rule, String bare, String domain, Set<String> groups) {
        return switch (rule.scope()) {
            case ADDRESS -> rule.pattern().equals(bare);
            case DOMAIN -> rule.pattern().equals(domain);
            case GROUP -> groups.contains(rule.pattern());
        };
    }

    private static int strictness(AccessAction action) {
        return switch (action) {
            case POLITE_BLOCK -> 0;
            case DENY -> 1;
            case ALLOW -> 2;
        };
    }
}
