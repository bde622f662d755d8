package im.parley.rules;

import im.parley.account.Address;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AccessPolicyTest {
    private static final Address BOB = Address.parse("bob@example.com/phone");

    private static AccessDecision decide(Set<String> groups, AccessRuleData... rules) {
        return new AccessPolicy(List.of(rules)).decide(BOB, groups);
    }

    @Test
    void withoutMatchingRulesTheSubscriptionDecides() {
        assertEquals(AccessDecision.BY_SUBSCRIPTION,
                decide(Set.of(), new AccessRuleData(RuleScope.ADDRESS, "carol@example.com", AccessAction.DENY)));
    }

    @Test
    void anAddressRuleOutranksAGroupRuleWhichOutranksADomainRule() {
        AccessRuleData domain = new AccessRuleData(RuleScope.DOMAIN, "example.com", AccessAction.DENY);
        AccessRuleData group = new AccessRuleData(RuleScope.GROUP, "Friends", AccessAction.ALLOW);
        AccessRuleData address = new AccessRuleData(RuleScope.ADDRESS, "bob@example.com", AccessAction.POLITE_BLOCK);

        assertEquals(AccessDecision.DENY, decide(Set.of(), domain, group));
        assertEquals(AccessDecision.ALLOW, decide(Set.of("Friends"), domain, group));
        assertEquals(AccessDecision.POLITE_BLOCK, decide(Set.of("Friends"), domain, group, address));
    }

    @Test
    void withinOneScopeTheStrictestActionWins() {
        AccessRuleData allowFriends = new AccessRuleData(RuleScope.GROUP, "Friends", AccessAction.ALLOW);
        AccessRuleData denyWork = new AccessRuleData(RuleScope.GROUP, "Work", AccessAction.DENY);

        assertEquals(AccessDecision.DENY, decide(Set.of("Friends", "Work"), allowFriends, denyWork));
    }

    @Test
    void addressAndDomainPatternsCompareCaseInsensitively() {
        assertEquals(AccessDecision.DENY,
                decide(Set.of(), new AccessRuleData(RuleScope.ADDRESS, "BOB@Example.com", AccessAction.DENY)));
    }
}
