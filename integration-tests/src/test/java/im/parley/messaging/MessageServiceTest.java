package im.parley.messaging;

import im.parley.account.AccountService;
import im.parley.account.Address;
import im.parley.presence.PresenceService;
import im.parley.presence.PresenceTupleData;
import im.parley.problem.ParleyException;
import im.parley.problem.Problem;
import im.parley.roster.RosterService;
import im.parley.rules.AccessAction;
import im.parley.rules.AccessRuleData;
import im.parley.rules.AcceptFrom;
import im.parley.rules.DeliveryRuleData;
import im.parley.rules.RuleScope;
import im.parley.rules.RulesService;
import im.parley.session.SessionRegistry;
import im.parley.testsupport.Fixtures;
import im.parley.testsupport.ParleyDeployment;
import im.parley.testsupport.RecordingEndpoint;
import im.parley.testsupport.Sessions;
import im.parley.testsupport.Sessions.Agent;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(ArquillianExtension.class)
class MessageServiceTest {

    @Deployment
    static EnterpriseArchive deployment() {
        return ParleyDeployment.with(MessageServiceTest.class);
    }

    @Inject
    AccountService accounts;
    @Inject
    MessageService messages;
    @Inject
    PresenceService presence;
    @Inject
    RulesService rules;
    @Inject
    RosterService roster;
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

    private Delivery chat(Address from, Address to, String body) {
        return messages.send(from.withResource("laptop"), to, MessageType.CHAT, body, null, null);
    }

    @Test
    void aMessageToAnOpenInboxIsDeliveredToTheSession() {
        Agent bobAgent = sessions.goOnline(bob, "phone", 0);

        Delivery delivery = messages.send(alice.withResource("laptop"), bob, MessageType.CHAT, "hi bob",
                "<thread xmlns='jabber:client'>t1</thread>", "c-1");

        assertEquals(MessageState.DELIVERED, delivery.state());
        InstantMessageData received = bobAgent.endpoint().await(InstantMessageData.class);
        assertEquals(delivery.messageId(), received.id());
        assertEquals("hi bob", received.body());
        assertEquals("<thread xmlns='jabber:client'>t1</thread>", received.payload());
        assertEquals(alice.withResource("laptop").toString(), received.sender());
        assertEquals("c-1", received.clientId());
    }

    /** What the offline store and the archive give back is what was sent, read from the database. */
    @Test
    void aStoredMessageComesBackFromTheDatabaseAsItWasSent() {
        Instant before = Instant.now().minusSeconds(1);
        Delivery delivery = messages.send(alice.withResource("laptop"), bob, MessageType.CHAT, "hi bob",
                "<thread xmlns='jabber:client'>t1</thread>", "c-1");

        InstantMessageData stored = messages.openInbox(sessions.goOnline(bob, "phone", 0).sessionId()).get(0);
        assertEquals(new InstantMessageData(delivery.messageId(), "c-1", alice.withResource("laptop").toString(),
                bob.toString(), MessageType.CHAT, "hi bob", "<thread xmlns='jabber:client'>t1</thread>",
                stored.sentAt()), stored);
        assertTrue(stored.sentAt().isAfter(before) && stored.sentAt().isBefore(Instant.now()), stored.sentAt()::toString);
        assertEquals(List.of(stored), messages.history(alice, bob, null, MessageService.MAX_HISTORY_PAGE).messages());
        assertEquals(List.of(stored), messages.history(bob, alice, null, MessageService.MAX_HISTORY_PAGE).messages());
    }

    @Test
    void aMessageToAClosedInboxIsStoredAndDeliveredExactlyOnceWhenTheInboxOpens() {
        Delivery delivery = chat(alice, bob, "are you there?");
        assertEquals(MessageState.STORED, delivery.state());
        assertEquals(1, messages.storedCount(bob));

        Agent phone = sessions.goOnline(bob, "phone", 0);
        List<InstantMessageData> first = messages.openInbox(phone.sessionId());
        Agent laptop = sessions.goOnline(bob, "laptop", 0);
        List<InstantMessageData> second = messages.openInbox(laptop.sessionId());

        assertEquals(List.of(delivery.messageId()), first.stream().map(InstantMessageData::id).toList());
        assertTrue(second.isEmpty());
        assertEquals(0, messages.storedCount(bob));
    }

    @Test
    void storedMessagesAreHandedOverOldestFirst() {
        chat(alice, bob, "one");
        chat(alice, bob, "two");
        chat(alice, bob, "three");

        Agent phone = sessions.goOnline(bob, "phone", 0);

        assertEquals(List.of("one", "two", "three"),
                messages.openInbox(phone.sessionId()).stream().map(InstantMessageData::body).toList());
    }

    @Test
    void aMessageToTheBareAddressGoesToTheHighestPrioritySession() {
        Agent low = sessions.goOnline(bob, "tablet", 1);
        Agent high = sessions.goOnline(bob, "desktop", 10);

        Delivery delivery = chat(alice, bob, "to the best one");

        assertEquals(1, delivery.sessions());
        assertEquals("to the best one", high.endpoint().await(InstantMessageData.class).body());
        // Sessions on this node are handed a message before send returns.
        assertTrue(low.endpoint().drain().stream().noneMatch(m -> m.toString().contains("to the best one")));
    }

    @Test
    void aMessageFollowsTheRecipientsSessionsAsTheyComeChangeAndGo() {
        Agent laptop = sessions.goOnline(bob, "laptop", 1);
        chat(alice, bob, "one");
        assertEquals("one", laptop.endpoint().await(InstantMessageData.class).body());

        Agent phone = sessions.goOnline(bob, "phone", 5);
        chat(alice, bob, "two");
        assertEquals("two", phone.endpoint().await(InstantMessageData.class).body());

        presence.publish(bob, bob, PresenceTupleData.open("phone").withPriority(-1), phone.sessionId());
        chat(alice, bob, "three");
        assertEquals("three", laptop.endpoint().await(InstantMessageData.class).body());

        registry.close(laptop.sessionId());
        registry.close(phone.sessionId());
        assertEquals(MessageState.STORED, chat(alice, bob, "four").state());
    }

    @Test
    void copiesStartWithTheNextMessageOnceASessionAsksForThem() {
        sessions.goOnline(bob, "phone", 10);
        Agent laptop = sessions.goOnline(bob, "laptop", 1);
        chat(alice, bob, "before");

        registry.setReceivesCopies(laptop.sessionId(), true);
        chat(alice, bob, "after");

        RecordingEndpoint.Copy copy = laptop.endpoint().await(RecordingEndpoint.Copy.class);
        assertEquals("after", copy.message().body());
    }

    @Test
    void aMessageToAFullAddressGoesToThatSession() {
        Agent desktop = sessions.goOnline(bob, "desktop", 10);
        Agent tablet = sessions.goOnline(bob, "tablet", 1);

        messages.send(alice.withResource("laptop"), bob.withResource("tablet"), MessageType.CHAT, "tablet only", null, null);

        assertEquals("tablet only", tablet.endpoint().await(InstantMessageData.class).body());
        assertTrue(desktop.endpoint().drain().stream().noneMatch(m -> m instanceof InstantMessageData));
    }

    @Test
    void aLiveOnlyMessageThatNoSessionTakesIsDiscardedNotStored() {
        Delivery delivery = messages.accept(alice.withResource("laptop"), bob, MessageType.CHAT, null,
                "<composing xmlns='http://jabber.org/protocol/chatstates'/>", null, false, Retention.LIVE_ONLY).join();

        assertEquals(MessageState.DISCARDED, delivery.state());
        assertEquals(0, messages.storedCount(bob));
        assertTrue(messages.history(alice, bob, null, 10).messages().isEmpty());
    }

    /** RFC 6121 section 8.5.3.2.1: once that resource is gone, a chat message goes to the bare address. */
    @Test
    void aMessageToTheFullAddressOfAResourceThatLeftGoesToTheOthers() {
        Agent desktop = sessions.goOnline(bob, "desktop", 10);
        Agent quiet = sessions.connect(bob, "quiet");
        messages.send(alice.withResource("laptop"), bob.withResource("quiet"), MessageType.CHAT, "first", null, null);
        assertEquals("first", quiet.endpoint().await(InstantMessageData.class).body());

        registry.close(quiet.sessionId());
        messages.send(alice.withResource("laptop"), bob.withResource("quiet"), MessageType.CHAT, "second", null, null);

        assertEquals("second", desktop.endpoint().await(InstantMessageData.class).body());
    }

    @Test
    void aDeliveryRuleForAllSessionsReachesEveryOpenSession() {
        rules.setDeliveryRule(bob, new DeliveryRuleData(AcceptFrom.EVERYONE, true, null, true));
        Agent desktop = sessions.goOnline(bob, "desktop", 10);
        Agent tablet = sessions.goOnline(bob, "tablet", 1);

        Delivery delivery = chat(alice, bob, "everyone");

        assertEquals(2, delivery.sessions());
        desktop.endpoint().await(InstantMessageData.class);
        tablet.endpoint().await(InstantMessageData.class);
    }

    @Test
    void aSessionThatAsksForCopiesGetsCopiesOfWhatItsPrincipalReceivesAndSends() {
        Agent phone = sessions.goOnline(bob, "phone", 10);
        Agent laptop = sessions.goOnline(bob, "laptop", 1);
        registry.setReceivesCopies(laptop.sessionId(), true);

        Delivery toBob = chat(alice, bob, "for bob");
        messages.send(bob.withResource("phone"), alice, MessageType.CHAT, "from bob", null, null);

        assertEquals(toBob.messageId(), phone.endpoint().await(InstantMessageData.class).id());
        RecordingEndpoint.Copy received = laptop.endpoint().await(RecordingEndpoint.Copy.class);
        assertEquals(MessageCopy.RECEIVED_COPY, received.kind());
        assertEquals("for bob", received.message().body());
        RecordingEndpoint.Copy sent = laptop.endpoint().await(RecordingEndpoint.Copy.class);
        assertEquals(MessageCopy.SENT_COPY, sent.kind());
        assertEquals("from bob", sent.message().body());
    }

    @Test
    void aPrivateMessageIsNotCopied() {
        sessions.goOnline(bob, "phone", 10);
        Agent laptop = sessions.goOnline(bob, "laptop", 1);
        registry.setReceivesCopies(laptop.sessionId(), true);

        messages.send(alice.withResource("pc"), bob, MessageType.CHAT, "just the phone", null, null, false);
        chat(alice, bob, "marker");

        RecordingEndpoint.Received<RecordingEndpoint.Copy> marker = laptop.endpoint().awaitWithEarlier(
                RecordingEndpoint.Copy.class, copy -> copy.message().body().equals("marker"));
        assertTrue(marker.before().stream().noneMatch(item -> item.toString().contains("just the phone")));
    }

    @Test
    void aSessionWithNegativePriorityGetsNoBareAddressMessages() {
        sessions.goOnline(bob, "bot", -1);

        assertEquals(MessageState.STORED, chat(alice, bob, "for later").state());
    }

    @Test
    void aMessageTheSessionCannotTakeIsStoredInstead() throws InterruptedException {
        Agent closing = sessions.goOnline(bob, "phone", 0);
        closing.endpoint().stopAccepting();

        Delivery delivery = chat(alice, bob, "not lost");

        assertEquals(MessageState.DELIVERED, delivery.state());
        long deadline = System.currentTimeMillis() + 20_000;
        while (messages.storedCount(bob) == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        Agent laptop = sessions.goOnline(bob, "laptop", 0);
        assertEquals(List.of("not lost"),
                messages.openInbox(laptop.sessionId()).stream().map(InstantMessageData::body).toList());
    }

    @Test
    void messagesAcceptedTogetherAreEachRecordedAndDeliveredOnceInTheOrderAccepted() {
        Agent phone = sessions.goOnline(bob, "phone", 0);
        // accept() does not wait for the group commit, so these share transactions.
        List<CompletableFuture<Delivery>> accepted = IntStream.range(0, 300)
                .mapToObj(i -> messages.accept(alice.withResource("laptop"), bob, MessageType.CHAT, "m" + i,
                        null, null, true))
                .toList();

        List<String> ids = accepted.stream().map(CompletableFuture::join).map(Delivery::messageId).toList();
        List<String> received = IntStream.range(0, 300)
                .mapToObj(i -> phone.endpoint().await(InstantMessageData.class).id()).toList();
        assertEquals(ids, received);
        assertTrue(phone.endpoint().drain().stream().noneMatch(InstantMessageData.class::isInstance));
        assertEquals(300, archivedConversation(bob, alice));
    }

    /** How many messages the archive of one principal holds of its conversation with another. */
    private int archivedConversation(Address owner, Address with) {
        int count = 0;
        String before = null;
        HistoryPage page;
        do {
            page = messages.history(owner, with, before, MessageService.MAX_HISTORY_PAGE);
            count += page.messages().size();
            before = page.messages().isEmpty() ? null : page.messages().get(0).id();
        } while (!page.complete());
        return count;
    }

    @Test
    void messagesArrivingTogetherAtAClosedInboxFillItsOfflineStoreAndNoMore() {
        rules.setDeliveryRule(bob, new DeliveryRuleData(AcceptFrom.EVERYONE, true, 3, false));

        List<CompletableFuture<Delivery>> accepted = IntStream.range(0, 10)
                .mapToObj(i -> messages.accept(alice.withResource("laptop"), bob, MessageType.CHAT, "m" + i,
                        null, null, true))
                .toList();

        List<Throwable> refusals = accepted.stream()
                .map(outcome -> outcome.handle((delivery, failure) -> failure).join())
                .filter(Objects::nonNull).toList();
        assertEquals(7, refusals.size());
        assertTrue(refusals.stream().allMatch(failure -> failure instanceof ParleyException refusal
                && refusal.problem() == Problem.REFUSED), refusals.toString());
        assertEquals(3, messages.storedCount(bob));
        Agent phone = sessions.goOnline(bob, "phone", 0);
        assertEquals(List.of("m0", "m1", "m2"),
                messages.openInbox(phone.sessionId()).stream().map(InstantMessageData::body).toList());
    }

    @Test
    void aBlockedSenderIsRefused() {
        rules.setAccessRule(bob, bob, new AccessRuleData(RuleScope.ADDRESS, alice.toString(), AccessAction.POLITE_BLOCK));

        ParleyException refused = assertThrows(ParleyException.class, () -> chat(alice, bob, "let me in"));

        assertEquals(Problem.REFUSED, refused.problem());
        assertEquals(0, messages.storedCount(bob));
    }

    @Test
    void aBlockSetAfterMessagesFlowedRefusesTheNextMessageAndItsRemovalLetsItThrough() {
        chat(alice, bob, "before");
        AccessRuleData block = new AccessRuleData(RuleScope.ADDRESS, alice.toString(), AccessAction.POLITE_BLOCK);

        rules.setAccessRule(bob, bob, block);
        assertEquals(Problem.REFUSED, assertThrows(ParleyException.class, () -> chat(alice, bob, "blocked")).problem());

        rules.removeAccessRule(bob, bob, block.scope(), block.pattern());
        assertEquals(MessageState.STORED, chat(alice, bob, "after").state());
    }

    @Test
    void aDeliveryRuleChangedAfterMessagesFlowedAppliesToTheNextMessage() {
        chat(alice, bob, "before");

        rules.setDeliveryRule(bob, new DeliveryRuleData(AcceptFrom.EVERYONE, false, null, false));

        assertEquals(Problem.REFUSED, assertThrows(ParleyException.class, () -> chat(alice, bob, "after")).problem());
    }

    @Test
    void aDeletedAccountNoLongerReceivesAndItsAddressCanStartAfresh() {
        chat(alice, bob, "before");

        accounts.delete(bob);
        assertEquals(Problem.NOT_FOUND, assertThrows(ParleyException.class, () -> chat(alice, bob, "gone")).problem());

        accounts.create(bob, "new-secret", false);
        assertEquals(MessageState.STORED, chat(alice, bob, "again").state());
        assertEquals(1, messages.storedCount(bob));
    }

    @Test
    void aRosterOnlyInboxRefusesStrangersAndAcceptsContacts() {
        rules.setDeliveryRule(bob, new DeliveryRuleData(AcceptFrom.ROSTER, true, null, false));
        Address carol = Fixtures.newAccount(accounts, "carol");
        roster.setItem(bob, alice, "Alice", Set.of());

        assertEquals(Problem.REFUSED, assertThrows(ParleyException.class, () -> chat(carol, bob, "hi")).problem());
        assertEquals(MessageState.STORED, chat(alice, bob, "hi").state());
    }

    @Test
    void anInboxWithoutOfflineStorageRefusesWhileClosed() {
        rules.setDeliveryRule(bob, new DeliveryRuleData(AcceptFrom.EVERYONE, false, null, false));

        assertEquals(Problem.REFUSED, assertThrows(ParleyException.class, () -> chat(alice, bob, "hi")).problem());
    }

    @Test
    void aFullOfflineStoreRefusesFurtherMessages() {
        rules.setDeliveryRule(bob, new DeliveryRuleData(AcceptFrom.EVERYONE, true, 2, false));
        chat(alice, bob, "1");
        chat(alice, bob, "2");

        assertEquals(Problem.REFUSED, assertThrows(ParleyException.class, () -> chat(alice, bob, "3")).problem());
        assertEquals(2, messages.storedCount(bob));
    }

    @Test
    void aDeletedAccountsMessagesWaitingForOthersLeaveTheirOfflineStores() {
        Address carol = Fixtures.newAccount(accounts, "carol");
        chat(carol, bob, "from carol");
        chat(alice, bob, "from alice");

        accounts.delete(carol);

        assertEquals(1, messages.storedCount(bob));
        Agent phone = sessions.goOnline(bob, "phone", 0);
        assertEquals(List.of("from alice"),
                messages.openInbox(phone.sessionId()).stream().map(InstantMessageData::body).toList());
    }

    @Test
    void aHeadlineForAClosedInboxIsRefusedNotStored() {
        assertEquals(Problem.REFUSED, assertThrows(ParleyException.class, () -> messages.send(
                alice.withResource("laptop"), bob, MessageType.HEADLINE, "news", null, null)).problem());
        assertEquals(0, messages.storedCount(bob));
    }

    @Test
    void aMessageToAnUnknownPrincipalIsNotFound() {
        assertEquals(Problem.NOT_FOUND, assertThrows(ParleyException.class,
                () -> chat(alice, Fixtures.uniqueAddress("ghost"), "hello?")).problem());
    }

    @Test
    void anOversizedBodyIsRefusedAndNothingIsStored() {
        ParleyException refused = assertThrows(ParleyException.class,
                () -> chat(alice, bob, "x".repeat(InstantMessage.MAX_BODY_LENGTH + 1)));

        assertEquals(Problem.INVALID_INPUT, refused.problem());
        assertEquals(0, messages.storedCount(bob));
        assertTrue(messages.history(alice, bob, null, 10).messages().isEmpty());
    }

    @Test
    void theArchivePagesBackwardsThroughAConversation() {
        for (int i = 1; i <= 5; i++) {
            chat(i % 2 == 0 ? bob : alice, i % 2 == 0 ? alice : bob, "m" + i);
        }
        Address carol = Fixtures.newAccount(accounts, "carol");
        chat(carol, alice, "unrelated");

        HistoryPage newest = messages.history(alice, bob, null, 2);
        HistoryPage middle = messages.history(alice, bob, newest.messages().get(0).id(), 2);
        HistoryPage oldest = messages.history(alice, bob, middle.messages().get(0).id(), 2);

        assertEquals(List.of("m4", "m5"), newest.messages().stream().map(InstantMessageData::body).toList());
        assertEquals(List.of("m2", "m3"), middle.messages().stream().map(InstantMessageData::body).toList());
        assertEquals(List.of("m1"), oldest.messages().stream().map(InstantMessageData::body).toList());
        assertFalse(newest.complete());
        assertTrue(oldest.complete());
        assertEquals(6, messages.history(alice, null, null, 100).messages().size());
    }

    @Test
    void anotherPrincipalsMessageCannotAnchorAnArchivePage() {
        Address carol = Fixtures.newAccount(accounts, "carol");
        Delivery private1 = chat(carol, bob, "private");

        assertEquals(Problem.NOT_FOUND, assertThrows(ParleyException.class,
                () -> messages.history(alice, null, private1.messageId(), 10)).problem());
    }

    @Test
    void aRecreatedAccountStartsWithAnEmptyArchiveAndTheOldConversationLeavesTheOtherArchive() {
        chat(alice, bob, "before");
        chat(bob, alice, "reply");

        accounts.delete(bob);
        accounts.create(bob, "new-secret", false);
        chat(alice, bob, "after");

        assertEquals(List.of("after"), messages.history(bob, null, null, 10).messages().stream()
                .map(InstantMessageData::body).toList());
        assertEquals(List.of("after"), messages.history(alice, null, null, 10).messages().stream()
                .map(InstantMessageData::body).toList());
    }
}
