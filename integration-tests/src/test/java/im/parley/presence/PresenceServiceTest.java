package im.parley.presence;

import im.parley.account.AccountService;
import im.parley.account.Address;
import im.parley.problem.ParleyException;
import im.parley.problem.Problem;
import im.parley.rules.AccessAction;
import im.parley.rules.AccessRuleData;
import im.parley.rules.RuleScope;
import im.parley.rules.RulesService;
import im.parley.rules.VisibilityRuleData;
import im.parley.session.SessionRegistry;
import im.parley.testsupport.Fixtures;
import im.parley.testsupport.ParleyDeployment;
import im.parley.testsupport.RecordingEndpoint.Received;
import im.parley.testsupport.Sessions;
import im.parley.testsupport.Sessions.Agent;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.naming.InitialContext;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(ArquillianExtension.class)
class PresenceServiceTest {

    @Deployment
    static EnterpriseArchive deployment() {
        return ParleyDeployment.with(PresenceServiceTest.class);
    }

    @Inject
    AccountService accounts;
    @Inject
    PresenceService presence;
    @Inject
    RulesService rules;
    @Inject
    SessionRegistry registry;

    Sessions sessions;
    Address alice;
    Address bob;

    @BeforeEach
    void accounts() {
        sessions = new Sessions(registry, presence);
        alice = Fixtures.newAccount(accounts, "alice");
        bob = Fixtures.newAccount(accounts, "bob");
    }

    private void bobWatchesAlice(Agent bobAgent) {
        presence.subscribe(bob, alice, null, "test");
        presence.approve(alice, alice, bob);
        bobAgent.endpoint().await(SubscriptionNotification.class, n -> n.change() == SubscriptionChange.APPROVED);
    }

    private PresenceTupleData away(String resource, String note) {
        return PresenceTupleData.open(resource).withOtherStatus(OtherStatus.AWAY, note);
    }

    /** Bob publishes his own presence; his own sessions hear of it after anything sent before. */
    private Received<PresenceNotification> bobsOwnNotification(Agent bobAgent) {
        presence.publish(bob, bob, PresenceTupleData.open("marker"), null);
        return bobAgent.endpoint().awaitWithEarlier(PresenceNotification.class,
                n -> n.presentity().equals(bob.toString()) && n.tuple().tupleKey().equals("marker"));
    }

    private static boolean anyFrom(List<Object> received, Address presentity) {
        return received.stream().anyMatch(item -> item instanceof PresenceNotification n
                && n.presentity().equals(presentity.toString()));
    }

    @Test
    void aSubscriberIsNotifiedWhenThePresentityChangesItsStatus() {
        Agent bobAgent = sessions.connect(bob, "laptop");
        bobWatchesAlice(bobAgent);

        presence.publish(alice, alice, away("phone", "at lunch"), null);

        PresenceNotification notification = bobAgent.endpoint().await(PresenceNotification.class,
                n -> n.presentity().equals(alice.toString()) && n.tuple().otherStatus() == OtherStatus.AWAY);
        assertEquals(BasicStatus.OPEN, notification.tuple().status());
        assertEquals("at lunch", notification.tuple().note());
        assertEquals("phone", notification.tuple().tupleKey());
    }

    @Test
    void aTuplePublishedWhileTheSubscriptionIsApprovedStillReachesTheNewSubscriber() throws Exception {
        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                Address carol = Fixtures.newAccount(accounts, "carol");
                Address dave = Fixtures.newAccount(accounts, "dave");
                Agent daveAgent = sessions.connect(dave, "laptop");
                presence.subscribe(dave, carol, null, "test");
                CountDownLatch go = new CountDownLatch(1);
                Future<?> publishing = both.submit(() -> {
                    go.await();
                    return presence.publish(carol, carol, PresenceTupleData.open("desk"), null);
                });
                Future<?> approving = both.submit(() -> {
                    go.await();
                    return presence.approve(carol, carol, dave);
                });

                go.countDown();
                publishing.get();
                approving.get();

                // Whichever commits first, the new subscriber must end up with carol's tuple.
                PresenceNotification seen = daveAgent.endpoint().await(PresenceNotification.class,
                        n -> n.presentity().equals(carol.toString()) && n.tuple().status() == BasicStatus.OPEN);
                assertEquals("desk", seen.tuple().tupleKey());
            }
        } finally {
            both.shutdownNow();
        }
    }

    @Test
    void aSubscriptionRequestStaysPendingAndThePresentityIsAsked() {
        Agent aliceAgent = sessions.connect(alice, "desk");

        SubscriptionData request = presence.subscribe(bob, alice, null, "test");

        assertEquals(SubscriptionState.PENDING, request.state());
        SubscriptionNotification asked = aliceAgent.endpoint().await(SubscriptionNotification.class,
                n -> n.change() == SubscriptionChange.REQUESTED);
        assertEquals(bob.toString(), asked.watcher());
        assertEquals(Problem.FORBIDDEN,
                assertThrows(ParleyException.class, () -> presence.fetch(bob, alice, "test")).problem());
    }

    @Test
    void approvalSendsTheWatcherTheCurrentPresence() {
        presence.publish(alice, alice, away("phone", "in a meeting"), null);
        Agent bobAgent = sessions.connect(bob, "laptop");
        presence.subscribe(bob, alice, null, "test");

        presence.approve(alice, alice, bob);

        PresenceNotification current = bobAgent.endpoint().await(PresenceNotification.class,
                n -> n.presentity().equals(alice.toString()));
        assertEquals("in a meeting", current.tuple().note());
    }

    @Test
    void aProbeGivesASubscriberTheAvailableTuplesAndTellsAnyoneElseNothing() {
        presence.publish(alice, alice, away("phone", "in a meeting"), null);
        Address carol = Fixtures.newAccount(accounts, "carol");
        bobWatchesAlice(sessions.connect(bob, "laptop"));

        List<PresenceTupleData> seen = presence.probe(bob, alice, "test");

        assertEquals(List.of("in a meeting"), seen.stream().map(PresenceTupleData::note).toList());
        assertEquals(Problem.NOT_FOUND,
                assertThrows(ParleyException.class, () -> presence.probe(carol, alice, "test")).problem());
    }

    @Test
    void aDeniedRequestIsToldToTheWatcherAndGrantsNothing() {
        Agent bobAgent = sessions.connect(bob, "laptop");
        presence.subscribe(bob, alice, null, "test");

        SubscriptionData denied = presence.deny(alice, alice, bob);

        assertEquals(SubscriptionState.NONE, denied.state());
        bobAgent.endpoint().await(SubscriptionNotification.class, n -> n.change() == SubscriptionChange.DENIED);
        assertEquals(Problem.FORBIDDEN,
                assertThrows(ParleyException.class, () -> presence.fetch(bob, alice, "test")).problem());
    }

    @Test
    void aSecondSessionWithTheSameFullAddressIsRefusedAsConflict() {
        sessions.connect(alice, "phone");

        ParleyException refused = assertThrows(ParleyException.class, () -> sessions.connect(alice, "phone"));

        assertEquals(Problem.CONFLICT, refused.problem());
        assertEquals(1, registry.sessionsOf(alice).size());
    }

    @Test
    void aSessionOpenedInATransactionThatRollsBackIsForgotten() throws Exception {
        UserTransaction transaction = InitialContext.doLookup("java:comp/UserTransaction");
        transaction.begin();
        Agent ghost = sessions.connect(alice, "phone");
        transaction.rollback();

        assertTrue(registry.sessionsOf(alice).isEmpty());
        assertTrue(registry.endpoint(ghost.sessionId()).isEmpty());
        sessions.connect(alice, "phone");
    }

    @Test
    void aPreApprovedWatcherIsSubscribedAtOnce() {
        SubscriptionData preApproval = presence.approve(alice, alice, bob);
        assertTrue(preApproval.preApproved());

        SubscriptionData subscription = presence.subscribe(bob, alice, null, "test");

        assertEquals(SubscriptionState.ACTIVE, subscription.state());
        assertEquals(false, subscription.preApproved(), "a pre-approval is used up");
    }

    @Test
    void aDeniedWatcherGetsNothing() {
        Agent bobAgent = sessions.connect(bob, "laptop");
        bobWatchesAlice(bobAgent);
        rules.setAccessRule(alice, alice, new AccessRuleData(RuleScope.ADDRESS, bob.toString(), AccessAction.DENY));

        assertEquals(Problem.FORBIDDEN,
                assertThrows(ParleyException.class, () -> presence.fetch(bob, alice, "test")).problem());
        assertEquals(Problem.REFUSED,
                assertThrows(ParleyException.class, () -> presence.subscribe(bob, alice, null, "test")).problem());
        presence.publish(alice, alice, away("phone", "secret plans"), null);

        assertTrue(!anyFrom(bobsOwnNotification(bobAgent).before(), alice), "bob received alice's presence");
    }

    @Test
    void aDomainRuleDeniesEveryWatcherOfThatDomainButAnAddressRuleOutranksIt() {
        rules.setAccessRule(alice, alice, new AccessRuleData(RuleScope.DOMAIN, Fixtures.DOMAIN, AccessAction.DENY));
        rules.setAccessRule(alice, alice, new AccessRuleData(RuleScope.ADDRESS, bob.toString(), AccessAction.ALLOW));
        Address carol = Fixtures.newAccount(accounts, "carol");

        presence.fetch(bob, alice, "test");

        assertEquals(Problem.FORBIDDEN,
                assertThrows(ParleyException.class, () -> presence.fetch(carol, alice, "test")).problem());
    }

    @Test
    void aPolitelyBlockedWatcherSeesThePresentityClosedAndNothingMore() {
        Agent bobAgent = sessions.connect(bob, "laptop");
        bobWatchesAlice(bobAgent);
        presence.publish(alice, alice, away("phone", "hello"), null);
        bobAgent.endpoint().await(PresenceNotification.class, n -> n.presentity().equals(alice.toString()));

        rules.setAccessRule(alice, alice,
                new AccessRuleData(RuleScope.ADDRESS, bob.toString(), AccessAction.POLITE_BLOCK));

        PresenceNotification closed = bobAgent.endpoint().await(PresenceNotification.class,
                n -> n.presentity().equals(alice.toString()));
        assertEquals(BasicStatus.CLOSED, closed.tuple().status());
        assertEquals(null, closed.tuple().note());
        PresenceInformation fetched = presence.fetch(bob, alice, "test");
        assertEquals(BasicStatus.CLOSED, fetched.status());
        assertTrue(fetched.tuples().isEmpty());
        presence.publish(alice, alice, away("phone", "still here"), null);
        assertTrue(!anyFrom(bobsOwnNotification(bobAgent).before(), alice), "blocked bob received alice's presence");
    }

    @Test
    void aNotificationOfARolledBackChangeIsNeverDelivered() throws Exception {
        Agent bobAgent = sessions.connect(bob, "laptop");
        bobWatchesAlice(bobAgent);
        UserTransaction transaction = InitialContext.doLookup("java:comp/UserTransaction");

        transaction.begin();
        presence.publish(alice, alice, away("phone", "rolled back"), null);
        transaction.rollback();
        presence.publish(alice, alice, away("phone", "committed"), null);

        Received<PresenceNotification> committed = bobAgent.endpoint().awaitWithEarlier(PresenceNotification.class,
                n -> n.presentity().equals(alice.toString()));
        assertEquals("committed", committed.item().tuple().note());
        assertTrue(committed.before().stream().noneMatch(item -> item.toString().contains("rolled back")));
        assertEquals("committed", presence.fetch(alice, alice, "test").tuples().get(0).note());
    }

    @Test
    void closingASessionWithdrawsItsTupleAndSubscribersSeeItClosed() {
        Agent bobAgent = sessions.connect(bob, "laptop");
        bobWatchesAlice(bobAgent);
        Agent aliceAgent = sessions.goOnline(alice, "phone", 5);
        bobAgent.endpoint().await(PresenceNotification.class,
                n -> n.presentity().equals(alice.toString()) && n.tuple().status() == BasicStatus.OPEN);

        registry.close(aliceAgent.sessionId());

        PresenceNotification gone = bobAgent.endpoint().await(PresenceNotification.class,
                n -> n.presentity().equals(alice.toString()));
        assertEquals(BasicStatus.CLOSED, gone.tuple().status());
        assertEquals("phone", gone.tuple().tupleKey());
        assertEquals(BasicStatus.CLOSED, presence.fetch(bob, alice, "test").status());
    }

    @Test
    void aWatcherThatCancelsIsToldClosedAndThePresentityHearsOfIt() {
        Agent aliceAgent = sessions.connect(alice, "desk");
        Agent bobAgent = sessions.connect(bob, "laptop");
        bobWatchesAlice(bobAgent);
        presence.publish(alice, alice, away("phone", "here"), null);

        presence.cancel(bob, alice);

        aliceAgent.endpoint().await(SubscriptionNotification.class, n -> n.change() == SubscriptionChange.CANCELLED);
        bobAgent.endpoint().await(PresenceNotification.class,
                n -> n.presentity().equals(alice.toString()) && n.tuple().status() == BasicStatus.CLOSED);
        assertEquals(SubscriptionState.NONE, presence.subscription(bob, alice).orElseThrow().state());
    }

    @Test
    void aSubscriptionEndsAtItsExpiry() throws InterruptedException {
        Agent bobAgent = sessions.connect(bob, "laptop");
        presence.subscribe(bob, alice, Instant.now().plusMillis(1500), "test");
        presence.approve(alice, alice, bob);

        Thread.sleep(2000);
        presence.expireSubscriptions();

        bobAgent.endpoint().await(SubscriptionNotification.class, n -> n.change() == SubscriptionChange.EXPIRED);
        assertEquals(SubscriptionState.NONE, presence.subscription(bob, alice).orElseThrow().state());
    }

    @Test
    void watcherInformationShowsFetchersPollersAndSubscribers() {
        Address carol = Fixtures.newAccount(accounts, "carol");
        rules.setAccessRule(alice, alice, new AccessRuleData(RuleScope.DOMAIN, Fixtures.DOMAIN, AccessAction.ALLOW));
        presence.fetch(bob, alice, "http");
        for (int i = 0; i < 3; i++) {
            presence.fetch(carol, alice, "http");
        }
        Address dave = Fixtures.newAccount(accounts, "dave");
        presence.subscribe(dave, alice, null, "xmpp");

        List<WatcherInformation> watchers = presence.watcherInformation(alice, alice);

        assertEquals(List.of(bob.toString(), carol.toString(), dave.toString()),
                watchers.stream().map(WatcherInformation::watcher).toList());
        assertEquals(WatchKind.FETCH, watchers.get(0).kind());
        assertEquals(WatchKind.POLL, watchers.get(1).kind());
        assertEquals(3, watchers.get(1).count());
        assertEquals(WatchKind.SUBSCRIBE, watchers.get(2).kind());
    }

    @Test
    void watcherInformationHidesAWatcherWhoseVisibilityRuleSaysSo() {
        Address carol = Fixtures.newAccount(accounts, "carol");
        rules.setAccessRule(alice, alice, new AccessRuleData(RuleScope.DOMAIN, Fixtures.DOMAIN, AccessAction.ALLOW));
        rules.setVisibilityRule(carol, new VisibilityRuleData(null, true));

        presence.fetch(bob, alice, "http");
        presence.fetch(carol, alice, "http");

        assertEquals(List.of(bob.toString()),
                presence.watcherInformation(alice, alice).stream().map(WatcherInformation::watcher).toList());
    }

    @Test
    void aSubscriptionStaysVisibleWhateverTheWatchersVisibilityRule() {
        rules.setVisibilityRule(bob, new VisibilityRuleData(alice.toString(), true));

        presence.subscribe(bob, alice, null, "xmpp");

        assertEquals(List.of(bob.toString()),
                presence.watcherInformation(alice, alice).stream().map(WatcherInformation::watcher).toList());
    }

    @Test
    void watcherRecordsOlderThanTheSpanAreForgottenWhileSubscribersStay() {
        Address carol = Fixtures.newAccount(accounts, "carol");
        rules.setAccessRule(alice, alice, new AccessRuleData(RuleScope.DOMAIN, Fixtures.DOMAIN, AccessAction.ALLOW));
        presence.fetch(carol, alice, "http");
        presence.subscribe(bob, alice, null, "xmpp");

        Instant later = Instant.now().plusSeconds(1);
        int forgotten;
        do {
            forgotten = presence.forgetWatcherRecordsBefore(later);
        } while (forgotten > 0);

        assertEquals(List.of(bob.toString()),
                presence.watcherInformation(alice, alice).stream().map(WatcherInformation::watcher).toList());
    }

    @Test
    void aNewWatcherIsAnnouncedToThePresentity() {
        Agent aliceAgent = sessions.connect(alice, "desk");
        rules.setAccessRule(alice, alice, new AccessRuleData(RuleScope.ADDRESS, bob.toString(), AccessAction.ALLOW));

        presence.fetch(bob, alice, "http");

        WatcherNotification announced = aliceAgent.endpoint().await(WatcherNotification.class);
        assertEquals(bob.toString(), announced.watcher().watcher());
        assertEquals(WatchKind.FETCH, announced.watcher().kind());
    }

    @Test
    void onlyThePresentitysPrincipalsMayReadItsWatcherInformation() {
        assertEquals(Problem.FORBIDDEN,
                assertThrows(ParleyException.class, () -> presence.watcherInformation(bob, alice)).problem());
    }

    @Test
    void aTupleMayCarryANonImContactAddressAndOtherMarkupVerbatim() {
        String markup = "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='n' ver='v='/>";
        presence.publish(alice, alice, PresenceTupleData.open("desk-phone").withContact("tel:+15551234")
                .withOtherMarkup(markup), null);

        PresenceTupleData tuple = presence.fetch(alice, alice, "http").tuples().get(0);

        assertEquals("tel:+15551234", tuple.contact());
        assertEquals(markup, tuple.otherMarkup());
    }

    @Test
    void anOversizedNoteIsRefusedAndTheStoredPresenceIsUnchanged() {
        presence.publish(alice, alice, away("phone", "short"), null);

        ParleyException refused = assertThrows(ParleyException.class, () -> presence.publish(alice, alice,
                away("phone", "x".repeat(PresenceTupleData.MAX_NOTE_LENGTH + 1)), null));

        assertEquals(Problem.INVALID_INPUT, refused.problem());
        assertEquals("short", presence.fetch(alice, alice, "test").tuples().get(0).note());
    }

    @Test
    void onlyItsPrincipalsMayPublishForAPresentity() {
        ParleyException refused = assertThrows(ParleyException.class,
                () -> presence.publish(bob, alice, PresenceTupleData.open("fake"), null));

        assertEquals(Problem.FORBIDDEN, refused.problem());
        assertTrue(presence.fetch(alice, alice, "test").tuples().isEmpty());
    }

    @Test
    void aSharedPresentityIsPublishedByEachOfItsPrincipals() {
        Address support = Fixtures.uniqueAddress("support");
        presence.createPresentity(alice, support);
        presence.addController(alice, support, bob);

        presence.publish(bob, support, PresenceTupleData.open("bob-desk"), null);
        presence.publish(alice, support, PresenceTupleData.open("alice-desk"), null);

        assertEquals(List.of("alice-desk", "bob-desk"), presence.fetch(alice, support, "test").tuples().stream()
                .map(PresenceTupleData::tupleKey).toList());
    }

    @Test
    void lastActivityTellsSubscribersWhenThePresentityWasLastAvailable() {
        presence.subscribe(bob, alice, null, "test");
        presence.approve(alice, alice, bob);
        Agent phone = sessions.goOnline(alice, "phone", 0);
        presence.publish(alice, alice, away("phone", "gone fishing"), phone.sessionId());
        assertEquals(java.time.Duration.ZERO, presence.lastActivity(bob, alice).since());

        registry.close(phone.sessionId());

        LastActivity last = presence.lastActivity(bob, alice);
        assertTrue(!last.since().isNegative() && last.since().toMinutes() < 1, last.toString());
        assertEquals("gone fishing", last.note());
        Address carol = Fixtures.newAccount(accounts, "carol");
        assertEquals(Problem.FORBIDDEN,
                assertThrows(ParleyException.class, () -> presence.lastActivity(carol, alice)).problem());
    }

    @Test
    void anUnknownPresentityIsNotFound() {
        assertEquals(Problem.NOT_FOUND, assertThrows(ParleyException.class,
                () -> presence.fetch(bob, Fixtures.uniqueAddress("ghost"), "test")).problem());
    }
}
