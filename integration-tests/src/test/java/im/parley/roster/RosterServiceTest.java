package im.parley.roster;

import im.parley.account.AccountService;
import im.parley.account.Address;
import im.parley.presence.PresenceService;
import im.parley.presence.SubscriptionChange;
import im.parley.presence.SubscriptionNotification;
import im.parley.presence.SubscriptionState;
import im.parley.problem.ParleyException;
import im.parley.problem.Problem;
import im.parley.rules.AccessAction;
import im.parley.rules.AccessRuleData;
import im.parley.rules.RuleScope;
import im.parley.rules.RulesService;
import im.parley.session.SessionRegistry;
import im.parley.testsupport.Fixtures;
import im.parley.testsupport.ParleyDeployment;
import im.parley.testsupport.Sessions;
import im.parley.testsupport.Sessions.Agent;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(ArquillianExtension.class)
class RosterServiceTest {

    @Deployment
    static EnterpriseArchive deployment() {
        return ParleyDeployment.with(RosterServiceTest.class);
    }

    @Inject
    AccountService accounts;
    @Inject
    RosterService roster;
    @Inject
    PresenceService presence;
    @Inject
    RulesService rules;
    @Inject
    SessionRegistry registry;

    Address alice;
    Address bob;

    @BeforeEach
    void accounts() {
        alice = Fixtures.newAccount(accounts, "alice");
        bob = Fixtures.newAccount(accounts, "bob");
    }

    private RosterSubscription aliceSeesBobAs() {
        return roster.item(alice, bob).orElseThrow().subscription();
    }

    @Test
    void aContactIsKeptWithItsNameAndGroups() {
        roster.setItem(alice, bob, "Bob", Set.of("Friends", "Work"));

        RosterItemData item = roster.items(alice).get(0);

        assertEquals(bob.toString(), item.contact());
        assertEquals("Bob", item.name());
        assertEquals(Set.of("Friends", "Work"), item.groups());
        assertEquals(RosterSubscription.NONE, item.subscription());
    }

    @Test
    void theSubscriptionStateFollowsTheHandshakeInBothDirections() {
        roster.setItem(alice, bob, "Bob", Set.of());

        presence.subscribe(alice, bob, null, "test");
        assertEquals(RosterSubscription.NONE_PENDING_OUT, aliceSeesBobAs());
        presence.subscribe(bob, alice, null, "test");
        assertEquals(RosterSubscription.NONE_PENDING_OUT_IN, aliceSeesBobAs());
        presence.approve(bob, bob, alice);
        assertEquals(RosterSubscription.TO_PENDING_IN, aliceSeesBobAs());
        presence.approve(alice, alice, bob);
        assertEquals(RosterSubscription.BOTH, aliceSeesBobAs());
        presence.cancel(alice, bob);
        assertEquals(RosterSubscription.FROM, aliceSeesBobAs());
        assertEquals("from", aliceSeesBobAs().attribute());
    }

    @Test
    void aPreApprovalShowsOnTheItem() {
        roster.setItem(alice, bob, null, Set.of());

        presence.approve(alice, alice, bob);

        assertTrue(roster.item(alice, bob).orElseThrow().preApproved());
    }

    @Test
    void removingAContactEndsTheSubscriptionsBothWays() {
        roster.setItem(alice, bob, "Bob", Set.of());
        presence.approve(bob, bob, alice);
        presence.subscribe(alice, bob, null, "test");
        presence.approve(alice, alice, bob);
        presence.subscribe(bob, alice, null, "test");

        roster.removeItem(alice, bob);

        assertTrue(roster.items(alice).isEmpty());
        assertEquals(SubscriptionState.NONE, presence.subscription(alice, bob).orElseThrow().state());
        assertEquals(SubscriptionState.NONE, presence.subscription(bob, alice).orElseThrow().state());
    }

    @Test
    void theContactIsToldOfTheRemovalBeforeTheRemoverHasTheAnswer() {
        Agent bobAgent = new Sessions(registry, presence).connect(bob, "phone");
        for (int round = 0; round < 20; round++) {
            roster.setItem(alice, bob, "Bob", Set.of());
            presence.subscribe(alice, bob, null, "test");
            presence.approve(bob, bob, alice);
            bobAgent.endpoint().drain();

            roster.removeItem(alice, bob);

            // Nothing is awaited: on the node where both are, bob's session has it as the call
            // returns, so an XMPP contact gets the unsubscribe before the remover gets the IQ result.
            assertTrue(bobAgent.endpoint().drain().stream().anyMatch(event -> event instanceof SubscriptionNotification n
                    && n.change() == SubscriptionChange.CANCELLED && n.watcher().equals(alice.toString())),
                    "bob had not been told in round " + round);
        }
    }

    @Test
    void anOversizedGroupNameIsRefusedAndTheItemUnchanged() {
        roster.setItem(alice, bob, "Bob", Set.of("Friends"));

        ParleyException refused = assertThrows(ParleyException.class,
                () -> roster.setItem(alice, bob, "Bob", Set.of("x".repeat(RosterItem.MAX_TEXT_LENGTH + 1))));

        assertEquals(Problem.INVALID_INPUT, refused.problem());
        assertEquals(Set.of("Friends"), roster.item(alice, bob).orElseThrow().groups());
    }

    @Test
    void aGroupAccessRuleAppliesToTheContactsInThatGroup() {
        roster.setItem(alice, bob, "Bob", Set.of("Colleagues"));
        rules.setAccessRule(alice, alice, new AccessRuleData(RuleScope.GROUP, "Colleagues", AccessAction.ALLOW));

        assertEquals(alice.toString(), presence.fetch(bob, alice, "test").presentity());
    }
}
