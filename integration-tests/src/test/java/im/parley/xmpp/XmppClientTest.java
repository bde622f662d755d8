package im.parley.xmpp;

import im.parley.testsupport.ParleyApplication;
import im.parley.testsupport.XmppClients;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.filter.OrFilter;
import org.jivesoftware.smack.filter.PresenceTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.blocking.BlockingCommandManager;
import org.jivesoftware.smackx.carbons.CarbonManager;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.iqlast.LastActivityManager;
import org.jivesoftware.smackx.iqlast.packet.LastActivity;
import org.jivesoftware.smackx.chatstates.ChatState;
import org.jivesoftware.smackx.chatstates.packet.ChatStateExtension;
import org.jivesoftware.smackx.hints.element.NoStoreHint;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.ping.PingManager;
import org.jivesoftware.smackx.vcardtemp.VCardManager;
import org.jivesoftware.smackx.vcardtemp.packet.VCard;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parley as an XMPP server, seen by Smack clients over real sockets with TLS. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class XmppClientTest {
    private static final long WAIT = 20_000;

    @Deployment(testable = false)
    static EnterpriseArchive parley() {
        return ParleyApplication.asBuilt();
    }

    private final List<XMPPTCPConnection> connections = new ArrayList<>();

    @AfterEach
    void disconnect() {
        connections.forEach(XMPPTCPConnection::disconnect);
    }

    private XMPPTCPConnection newUser(String name, String resource) throws Exception {
        XMPPTCPConnection connection = XmppClients.newUser(name, resource);
        connections.add(connection);
        return connection;
    }

    private XMPPTCPConnection login(XMPPTCPConnection existing, String resource) throws Exception {
        XMPPTCPConnection connection = XmppClients.login(existing.getUser().getLocalpart().toString(), resource);
        connections.add(connection);
        return connection;
    }

    private static BareJid bare(XMPPTCPConnection connection) {
        return connection.getUser().asBareJid();
    }

    private static void available(XMPPTCPConnection connection) throws Exception {
        connection.sendStanza(StanzaBuilder.buildPresence().ofType(Presence.Type.available).build());
    }

    @Test
    void aSubscriptionRequestMadeWhileTheContactWasOfflineIsDeliveredWhenItComesOnline() throws Exception {
        XMPPTCPConnection alice = newUser("alice", "laptop");
        XMPPTCPConnection bob = newUser("bob", "phone");
        String bobName = bob.getUser().getLocalpart().toString();
        bob.disconnect();
        Roster.getInstanceFor(alice).createItemAndRequestSubscription(XmppClients.bareAddress(bobName), "Bob", null);
        PingManager.getInstanceFor(alice).pingMyServer(); // the request is recorded once the ping is answered

        XMPPTCPConnection back = XmppClients.login(bobName, "tablet");
        connections.add(back);
        java.util.concurrent.BlockingQueue<Presence> requests = new java.util.concurrent.LinkedBlockingQueue<>();
        back.addAsyncStanzaListener(stanza -> requests.add((Presence) stanza),
                stanza -> stanza instanceof Presence p && p.getType() == Presence.Type.subscribe);
        available(back);

        Presence request = requests.poll(WAIT, java.util.concurrent.TimeUnit.MILLISECONDS);
        assertNotNull(request, "the request that came while bob was offline never reached him");
        assertEquals(bare(alice), request.getFrom());
    }

    /** Both users subscribe to each other, as two people adding each other in their clients do. */
    private static void befriend(XMPPTCPConnection a, XMPPTCPConnection b) throws Exception {
        Roster.getInstanceFor(b).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        Roster.getInstanceFor(a).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        Roster.getInstanceFor(a).createItemAndRequestSubscription(bare(b), "friend", null);
        awaitRoster(a, bare(b), RosterEntry::canSeeHisPresence);
        Roster.getInstanceFor(b).createItemAndRequestSubscription(bare(a), "friend", null);
        awaitRoster(b, bare(a), RosterEntry::canSeeHisPresence);
    }

    /** Two users who are each other's contacts, both online; {@code watcher} saw {@code user} come online. */
    private static void friendsOnline(XMPPTCPConnection user, XMPPTCPConnection watcher) throws Exception {
        befriend(user, watcher);
        available(watcher);
        StanzaCollector here = watcher.createStanzaCollector(new AndFilter(PresenceTypeFilter.AVAILABLE,
                FromMatchesFilter.createBare(bare(user))));
        available(user);
        assertNotNull(here.nextResult(WAIT), "the contact was not seen coming online");
        here.cancel();
    }

    /** Collects the unavailable presence {@code watcher} gets when {@code user} goes offline. */
    private static StanzaCollector goingOffline(XMPPTCPConnection user, XMPPTCPConnection watcher) {
        return watcher.createStanzaCollector(new AndFilter(PresenceTypeFilter.UNAVAILABLE,
                FromMatchesFilter.createBare(bare(user))));
    }

    private static void awaitRoster(XMPPTCPConnection connection, BareJid contact,
                                    java.util.function.Predicate<RosterEntry> condition) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT;
        while (System.currentTimeMillis() < deadline) {
            RosterEntry entry = Roster.getInstanceFor(connection).getEntry(contact);
            if (entry != null && condition.test(entry)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("roster of " + connection.getUser() + " never showed " + contact + " as expected: "
                + Roster.getInstanceFor(connection).getEntry(contact));
    }

    @Test
    void aClientRegistersAndSignsInOverTls() throws Exception {
        XMPPTCPConnection alice = newUser("alice", "laptop");

        assertTrue(alice.isAuthenticated());
        assertTrue(alice.isSecureConnection());
        assertEquals("laptop", alice.getUser().getResourceOrEmpty().toString());
        assertEquals(XmppClients.DOMAIN, alice.getUser().getDomain().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCRAM-SHA-1", "PLAIN"}) // Smack has no SCRAM-SHA-256: see XmppStreamTest
    void aClientSignsInWithEachOfferedMechanism(String mechanism) throws Exception {
        XMPPTCPConnection registered = newUser("alice", "laptop");
        String user = registered.getUser().getLocalpart().toString();
        XMPPTCPConnection connection = new XMPPTCPConnection(XmppClients.configuration()
                .addEnabledSaslMechanism(mechanism).build());
        connections.add(connection);

        connection.connect().login(user, XmppClients.PASSWORD);

        assertTrue(connection.isAuthenticated());
        assertEquals(mechanism, connection.getUsedSaslMechansism());
    }

    @Test
    void anIqTravelsBetweenTwoClients() throws Exception {
        XMPPTCPConnection alice = newUser("alice", "laptop");
        XMPPTCPConnection bob = newUser("bob", "phone");
        ServiceDiscoveryManager.getInstanceFor(bob).addFeature("urn:example:bobs-feature");

        DiscoverInfo bobsClient = ServiceDiscoveryManager.getInstanceFor(alice).discoverInfo(bob.getUser());

        assertTrue(bobsClient.containsFeature("urn:example:bobs-feature"));
        assertEquals(bob.getUser(), bobsClient.getFrom());
    }

    @Test
    void anIqForAResourceThatIsNotConnectedIsServiceUnavailable() throws Exception {
        XMPPTCPConnection alice = newUser("alice", "laptop");
        XMPPTCPConnection bob = newUser("bob", "phone");

        XMPPException.XMPPErrorException error = assertThrows(XMPPException.XMPPErrorException.class,
                () -> ServiceDiscoveryManager.getInstanceFor(alice).discoverInfo(
                        JidCreate.fullFrom(bare(bob) + "/elsewhere")));

        assertEquals(StanzaError.Condition.service_unavailable, error.getStanzaError().getCondition());
    }

    @Test
    void directedPresenceReachesTheAddressedSession() throws Exception {
        XMPPTCPConnection alice = newUser("alice", "laptop");
        XMPPTCPConnection bob = newUser("bob", "phone");
        StanzaCollector bobSees = bob.createStanzaCollector(new AndFilter(PresenceTypeFilter.AVAILABLE,
                FromMatchesFilter.createFull(alice.getUser())));

        alice.sendStanza(StanzaBuilder.buildPresence().to(bob.getUser()).setStatus("just for you").build());

        Presence seen = bobSees.nextResult(WAIT);
        bobSees.cancel();
        assertNotNull(seen);
        assertEquals("just for you", seen.getStatus());
    }

    /**
     * RFC 6120 section 10.1: a message waits for its group commit, and the presence sent
     * right after it must not overtake it on the way to the same recipient.
     */
    @Test
    void stanzasFromOneClientReachTheRecipientInTheOrderSent() throws Exception {
        XMPPTCPConnection alice = newUser("alice", "laptop");
        XMPPTCPConnection bob = newUser("bob", "phone");
        StanzaCollector bobSees = bob.createStanzaCollector(new AndFilter(FromMatchesFilter.createFull(alice.getUser()),
                new OrFilter(MessageTypeFilter.CHAT, PresenceTypeFilter.AVAILABLE)));
        List<String> sent = new ArrayList<>();

        for (int i = 0; i < 20; i++) {
            alice.sendStanza(StanzaBuilder.buildMessage().to(bob.getUser()).ofType(Message.Type.chat)
                    .setBody("message " + i).build());
            alice.sendStanza(StanzaBuilder.buildPresence().to(bob.getUser()).setStatus("presence " + i).build());
            sent.add("message " + i);
            sent.add("presence " + i);
        }

        List<String> seen = new ArrayList<>();
        for (Stanza stanza; seen.size() < sent.size() && (stanza = bobSees.nextResult(WAIT)) != null; ) {
            seen.add(stanza instanceof Message message ? message.getBody() : ((Presence) stanza).getStatus());
        }
        bobSees.cancel();
        assertEquals(sent, seen);
    }

    @Test
    void aBlockedContactSeesTheUserOfflineAndCannotWriteUntilUnblocked() throws Exception {
        XMPPTCPConnection alice = newUser("alice", "laptop");
        XMPPTCPConnection bob = newUser("bob", "phone");
        friendsOnline(alice, bob);
        StanzaCollector aliceGone = goingOffline(alice, bob);

        BlockingCommandManager.getInstanceFor(alice).blockContacts(List.of(bare(bob)));

        assertNotNull(aliceGone.nextResult(WAIT), "bob still sees alice online");
        aliceGone.cancel();
        assertEquals(List.of(bare(bob)), BlockingCommandManager.getInstanceFor(alice).getBlockList());
        StanzaCollector bounced = bob.createStanzaCollector(MessageTypeFilter.ERROR);
        bob.sendStanza(StanzaBuilder.buildMessage("b1").to(bare(alice)).ofType(Message.Type.chat).setBody("hey").build());
        Stanza error = bounced.nextResult(WAIT);
        bounced.cancel();
        assertNotNull(error);
        assertEquals("service-unavailable", error.getError().getCondition().toString());

        BlockingCommandManager.getInstanceFor(alice).unblockContacts(List.of(bare(bob)));
        StanzaCollector aliceReceives = alice.createStanzaCollector(MessageTypeFilter.CHAT);
        bob.sendStanza(StanzaBuilder.buildMessage("b2").to(bare(alice)).ofType(Message.Type.chat).setBody("again").build());
        Message received = aliceReceives.nextResult(WAIT);
        aliceReceives.cancel();
        assertNotNull(received);
        assertEquals("again", received.getBody());
    }

    @Test
    void whoGotDirectedPresenceIsToldWhenTheSenderGoesOffline() throws Exception {
        XMPPTCPConnection alice = newUser("alice", "laptop");
        XMPPTCPConnection bob = newUser("bob", "phone");
        var aliceAddress = alice.getUser();
        StanzaCollector bobSees = bob.createStanzaCollector(FromMatchesFilter.createFull(aliceAddress));
        alice.sendStanza(StanzaBuilder.buildPresence().to(bob.getUser()).setStatus("here for a while").build());
        assertNotNull(bobSees.nextResult(WAIT), "bob did not get the directed presence");

        // RFC 6121 section 4.6.3: bob is no subscriber, yet he must learn that alice left.
        alice.disconnect();

        Presence gone = (Presence) bobSees.nextResult(WAIT);
        bobSees.cancel();
        assertNotNull(gone, "bob was not told that alice went offline");
        assertEquals(Presence.Type.unavailable, gone.getType());
    }

    @Test
    void aUserCannotWriteToAContactItBlocks() throws Exception {
        XMPPTCPConnection alice = newUser("alice", "laptop");
        XMPPTCPConnection bob = newUser("bob", "phone");
        BlockingCommandManager.getInstanceFor(alice).blockContacts(List.of(bare(bob)));
        StanzaCollector bobReceives = bob.createStanzaCollector(MessageTypeFilter.CHAT);
        StanzaCollector bounced = alice.createStanzaCollector(MessageTypeFilter.ERROR);

        alice.sendStanza(StanzaBuilder.buildMessage("o1").to(bare(bob)).ofType(Message.Type.chat).setBody("psst").build());

        Stanza error = bounced.nextResult(WAIT);
        bounced.cancel();
        assertNotNull(error, "alice was not told");
        // XEP-0191 section 3.3: not-acceptable, with the blocking namespace's blocked condition.
        assertEquals("not-acceptable", error.getError().getCondition().toString());
        assertNotNull(error.getError().getExtension("blocked", "urn:xmpp:blocking:errors"), error.toXML().toString());
        assertNull(bobReceives.nextResult(1_000), "bob got a message from someone who blocks him");
        bobReceives.cancel();
    }

    @Test
    void carbonsCopyAUsersChatsToItsOtherDevices() throws Exception {
        XMPPTCPConnection alice = newUser("alice", "laptop");
        XMPPTCPConnection bob = newUser("bob", "phone");
        XMPPTCPConnection bobsTablet = login(bob, "tablet");
        bob.sendStanza(StanzaBuilder.buildPresence().setPriority(10).build());
        available(bobsTablet);
        CarbonManager.getInstanceFor(bobsTablet).enableCarbons();
        java.util.concurrent.BlockingQueue<String> copies = new java.util.concurrent.LinkedBlockingQueue<>();
        CarbonManager.getInstanceFor(bobsTablet).addCarbonCopyReceivedListener(
                (direction, copy, wrapping) -> copies.add(direction + ":" + copy.getBody()));
        // A connection's stanzas are handled in order: once a ping is answered, its presence is stored.
        PingManager.getInstanceFor(bob).pingMyServer();
        PingManager.getInstanceFor(bobsTablet).pingMyServer();

        alice.sendStanza(StanzaBuilder.buildMessage("c1").to(bare(bob)).ofType(Message.Type.chat).setBody("hi bob").build());
        assertEquals("received:hi bob", copies.poll(WAIT, java.util.concurrent.TimeUnit.MILLISECONDS));
        bob.sendStanza(StanzaBuilder.buildMessage("c2").to(bare(alice)).ofType(Message.Type.chat).setBody("hi alice").build());
        assertEquals("sent:hi alice", copies.poll(WAIT, java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    @Test
    void aVCardIsKeptAndOthersCanReadIt() throws Exception {
        XMPPTCPConnection alice = newUser("alice", "laptop");
        XMPPTCPConnection bob = newUser("bob", "phone");
        VCard card = new VCard();
        card.setFirstName("Alice");
        card.setNickName("ally");

        VCardManager.getInstanceFor(alice).saveVCard(card);

        VCard seen = VCardManager.getInstanceFor(bob).loadVCard(alice.getUser().asEntityBareJid());
        assertEquals("ally", seen.getNickName());
        assertEquals("Alice", seen.getFirstName());
    }

    @Test
    void theArchiveIsQueriedAndPagedWithMam() throws Exception {
        XMPPTCPConnection alice = newUser("alice", "laptop");
        XMPPTCPConnection bob = newUser("bob", "phone");
        available(bob);
        for (int i = 1; i <= 5; i++) {
            XMPPTCPConnection from = i % 2 == 1 ? alice : bob;
            XMPPTCPConnection to = i % 2 == 1 ? bob : alice;
            from.sendStanza(StanzaBuilder.buildMessage("a" + i).to(bare(to)).ofType(Message.Type.chat).setBody("m" + i).build());
            PingManager.getInstanceFor(from).pingMyServer(); // archived before the next one is sent
        }
        MamManager mam = MamManager.getInstanceFor(alice);
        assertTrue(mam.isSupported());

        MamManager.MamQuery query = mam.queryMostRecentPage(bare(bob), 2);
        List<String> newest = query.getMessages().stream().map(Message::getBody).toList();
        List<String> older = query.pagePrevious(2).stream().map(Message::getBody).toList();

        assertEquals(List.of("m4", "m5"), newest);
        assertEquals(List.of("m2", "m3"), older);
    }

    @Test
    void aUserCancelsTheAccountInBand() throws Exception {
        XMPPTCPConnection alice = newUser("alice", "laptop");

        AccountManager.getInstance(alice).deleteAccount();

        long deadline = System.currentTimeMillis() + WAIT;
        while (alice.isConnected() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(alice.isConnected());
        assertThrows(Exception.class, () -> login(alice, "again"), "the deleted account still signs in");
    }

    @Test
    void aUserWithContactsCancelsTheAccountInBandAndTheContactsSeeItGoOffline() throws Exception {
        XMPPTCPConnection alice = newUser("alice", "laptop");
        XMPPTCPConnection bob = newUser("bob", "phone");
        friendsOnline(alice, bob);
        StanzaCollector aliceGone = goingOffline(alice, bob);

        AccountManager.getInstance(alice).deleteAccount();

        assertNotNull(aliceGone.nextResult(WAIT), "bob was not told that alice left");
        aliceGone.cancel();
        assertThrows(Exception.class, () -> login(alice, "again"), "the deleted account still signs in");
    }

    @Test
    void lastActivityShowsHowLongAgoAContactLeftAndWithWhatStatus() throws Exception {
        XMPPTCPConnection alice = newUser("alice", "laptop");
        XMPPTCPConnection bob = newUser("bob", "phone");
        befriend(alice, bob);
        available(bob);
        // Bob's own presence is handled before Alice leaves: a user who is not yet available
        // is not sent the unavailable presence of a contact it never saw (RFC 6121 4.2.2).
        PingManager.getInstanceFor(bob).pingMyServer();
        alice.sendStanza(StanzaBuilder.buildPresence().setStatus("brb").build());
        PingManager.getInstanceFor(alice).pingMyServer();
        StanzaCollector gone = goingOffline(alice, bob);

        alice.disconnect();
        assertNotNull(gone.nextResult(WAIT), "alice never left");
        gone.cancel();

        LastActivity last = LastActivityManager.getInstanceFor(bob).getLastActivity(bare(alice));
        assertEquals("brb", last.getStatusMessage());
        assertTrue(last.getIdleTime() >= 0 && last.getIdleTime() < 60, "idle " + last.getIdleTime());
        assertTrue(LastActivityManager.getInstanceFor(bob)
                .getLastActivity(JidCreate.domainBareFrom(XmppClients.DOMAIN)).getIdleTime() >= 0, "server uptime");
    }

    private XMPPTCPConnection withStreamManagement(XMPPTCPConnection registered, String resource) throws Exception {
        XMPPTCPConnection connection = new XMPPTCPConnection(XmppClients.configuration().build());
        connection.setUseStreamManagement(true);
        connection.setUseStreamManagementResumption(true);
        connection.setReplyTimeout(WAIT);
        connections.add(connection);
        connection.connect().login(registered.getUser().getLocalpart().toString(), XmppClients.PASSWORD,
                org.jxmpp.jid.parts.Resourcepart.from(resource));
        return connection;
    }

    @Test
    void aDroppedConnectionIsResumedAndNothingSentMeanwhileIsLost() throws Exception {
        XMPPTCPConnection alice = newUser("alice", "laptop");
        XMPPTCPConnection bob = withStreamManagement(newUser("bob", "setup"), "phone");
        assertTrue(bob.isSmEnabled());
        available(bob);
        PingManager.getInstanceFor(bob).pingMyServer();
        StanzaCollector received = bob.createStanzaCollector(MessageTypeFilter.CHAT);

        bob.instantShutdown();
        alice.sendStanza(StanzaBuilder.buildMessage("r1").to(bare(bob)).ofType(Message.Type.chat)
                .setBody("sent while you were cut off").build());
        PingManager.getInstanceFor(alice).pingMyServer();
        bob.connect().login();

        assertTrue(bob.streamWasResumed());
        Message kept = received.nextResult(WAIT);
        received.cancel();
        assertNotNull(kept, "the message sent during the drop was lost");
        assertEquals("sent while you were cut off", kept.getBody());
    }

    @Test
    void aMessageNeverConfirmedGoesToTheOfflineStoreWhenTheSessionEnds() throws Exception {
        XMPPTCPConnection alice = newUser("alice", "laptop");
        XMPPTCPConnection registered = newUser("bob", "setup");
        String bobName = registered.getUser().getLocalpart().toString();
        XMPPTCPConnection bob = withStreamManagement(registered, "phone");
        available(bob);
        PingManager.getInstanceFor(bob).pingMyServer();

        bob.instantShutdown();
        alice.sendStanza(StanzaBuilder.buildMessage("r2").to(bare(bob)).ofType(Message.Type.chat)
                .setBody("keep this for me").build());
        PingManager.getInstanceFor(alice).pingMyServer();
        Thread.sleep(6_000); // the test server lets a dropped session wait 4 s to be resumed

        XMPPTCPConnection bobLater = XmppClients.login(bobName, "desk");
        connections.add(bobLater);
        StanzaCollector inbox = bobLater.createStanzaCollector(MessageTypeFilter.CHAT);
        available(bobLater);
        Message stored = inbox.nextResult(WAIT);
        inbox.cancel();
        assertNotNull(stored, "the unconfirmed message was lost");
        assertEquals("keep this for me", stored.getBody());
    }

    @Test
    void theServerAnswersPingAndListsItsFeatures() throws Exception {
        XMPPTCPConnection alice = newUser("alice", "laptop");

        assertTrue(PingManager.getInstanceFor(alice).pingMyServer());
        DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(alice).discoverInfo(JidCreate.domainBareFrom(XmppClients.DOMAIN));
        assertTrue(info.containsFeature("urn:xmpp:ping"));
        assertTrue(info.hasIdentity("server", "im"));
        assertFalse(info.containsFeature("http://jabber.org/protocol/muc"), "only what is implemented is announced");
    }

    @Test
    void theRosterKeepsNamesAndGroups() throws Exception {
        XMPPTCPConnection alice = newUser("alice", "laptop");
        XMPPTCPConnection bob = newUser("bob", "phone");

        Roster.getInstanceFor(alice).createItem(bare(bob), "Bobby", new String[]{"Friends"});

        XMPPTCPConnection aliceAgain = login(alice, "tablet");
        Roster roster = Roster.getInstanceFor(aliceAgain);
        roster.reloadAndWait();
        RosterEntry entry = roster.getEntry(bare(bob));
        assertNotNull(entry);
        assertEquals("Bobby", entry.getName());
        assertEquals("Friends", entry.getGroups().get(0).getName());
    }

    @Test
    void subscribersSeeEachOthersPresenceChange() throws Exception {
        XMPPTCPConnection alice = newUser("alice", "laptop");
        XMPPTCPConnection bob = newUser("bob", "phone");
        befriend(alice, bob);
        available(alice);
        StanzaCollector aliceSees = alice.createStanzaCollector(new AndFilter(PresenceTypeFilter.AVAILABLE,
                FromMatchesFilter.createBare(bare(bob))));

        bob.sendStanza(StanzaBuilder.buildPresence().setMode(Presence.Mode.away).setStatus("at lunch").build());

        Presence seen = aliceSees.nextResult(WAIT);
        aliceSees.cancel();
        assertNotNull(seen, "alice never saw bob's presence");
        assertEquals(Presence.Mode.away, seen.getMode());
        assertEquals("at lunch", seen.getStatus());
        assertEquals(bob.getUser(), seen.getFrom());
    }

    @Test
    void aContactGoingOfflineIsSeenUnavailableAlsoWhenTheConnectionJustDrops() throws Exception {
        XMPPTCPConnection alice = newUser("alice", "laptop");
        XMPPTCPConnection bob = newUser("bob", "phone");
        friendsOnline(bob, alice);
        StanzaCollector gone = goingOffline(bob, alice);

        bob.instantShutdown();

        assertNotNull(gone.nextResult(WAIT), "bob's disappearance was not seen");
        gone.cancel();
    }

    @Test
    void usersChat() throws Exception {
        XMPPTCPConnection alice = newUser("alice", "laptop");
        XMPPTCPConnection bob = newUser("bob", "phone");
        available(bob);
        StanzaCollector bobReceives = bob.createStanzaCollector(MessageTypeFilter.CHAT);

        alice.sendStanza(StanzaBuilder.buildMessage("m1").to(bare(bob)).ofType(Message.Type.chat)
                .setBody("hello bob").build());

        Message received = bobReceives.nextResult(WAIT);
        bobReceives.cancel();
        assertNotNull(received);
        assertEquals("hello bob", received.getBody());
        assertEquals(alice.getUser(), received.getFrom());
    }

    /** XEP-0085: typing notifications reach the contact live, in order with the messages, but are not archived. */
    @Test
    void aChatStateReachesTheContactLiveButStaysOutOfTheArchive() throws Exception {
        XMPPTCPConnection alice = newUser("alice", "laptop");
        XMPPTCPConnection bob = newUser("bob", "phone");
        available(bob);
        PingManager.getInstanceFor(bob).pingMyServer(); // available before anything is sent to it
        StanzaCollector bobReceives = bob.createStanzaCollector(MessageTypeFilter.CHAT);

        alice.sendStanza(chatState(bob, ChatState.composing));
        alice.sendStanza(StanzaBuilder.buildMessage("c2").to(bare(bob)).ofType(Message.Type.chat)
                .setBody("typed it").build());

        Message typing = bobReceives.nextResult(WAIT);
        Message said = bobReceives.nextResult(WAIT);
        bobReceives.cancel();
        assertTrue(typing.hasExtension(ChatStateExtension.NAMESPACE), () -> typing.toXML().toString());
        assertEquals("typed it", said.getBody());
        List<String> archived = archivedBodies(alice, bob);
        assertEquals(List.of("typed it"), archived);
    }

    /** XEP-0085 section 5.8, XEP-0160 section 3: a chat state is not stored offline, nor answered with an error. */
    @Test
    void aChatStateForAContactWhoIsOfflineIsNotKeptForLater() throws Exception {
        XMPPTCPConnection alice = newUser("alice", "laptop");
        XMPPTCPConnection bob = newUser("bob", "phone");
        bob.disconnect();
        StanzaCollector errors = alice.createStanzaCollector(MessageTypeFilter.ERROR);

        alice.sendStanza(chatState(bob, ChatState.gone));
        alice.sendStanza(StanzaBuilder.buildMessage("c4").to(bare(bob)).ofType(Message.Type.chat)
                .setBody("call me").build());
        PingManager.getInstanceFor(alice).pingMyServer();

        assertNull(errors.pollResult(), "the sender was told the contact is offline");
        errors.cancel();
        XMPPTCPConnection bobAgain = login(bob, "desk");
        StanzaCollector inbox = bobAgain.createStanzaCollector(MessageTypeFilter.CHAT);
        available(bobAgain);
        Message first = inbox.nextResult(WAIT);
        inbox.cancel();
        assertNotNull(first, "the offline message did not arrive");
        assertEquals("call me", first.getBody(), "the chat state was stored offline: " + first.toXML());
    }

    /** XEP-0334: a message its sender marks no-store is delivered live, and neither stored offline nor archived. */
    @Test
    void aMessageMarkedNoStoreIsNeitherStoredOfflineNorArchived() throws Exception {
        XMPPTCPConnection alice = newUser("alice", "laptop");
        XMPPTCPConnection bob = newUser("bob", "phone");
        bob.disconnect();

        alice.sendStanza(StanzaBuilder.buildMessage("c5").to(bare(bob)).ofType(Message.Type.chat)
                .setBody("only now").addExtension(NoStoreHint.INSTANCE).build());
        alice.sendStanza(StanzaBuilder.buildMessage("c6").to(bare(bob)).ofType(Message.Type.chat)
                .setBody("keep this").build());
        PingManager.getInstanceFor(alice).pingMyServer();

        XMPPTCPConnection bobAgain = login(bob, "desk");
        StanzaCollector inbox = bobAgain.createStanzaCollector(MessageTypeFilter.CHAT);
        available(bobAgain);
        Message first = inbox.nextResult(WAIT);
        inbox.cancel();
        assertEquals("keep this", first.getBody());
        List<String> archived = archivedBodies(alice, bob);
        assertEquals(List.of("keep this"), archived);
    }

    private static List<String> archivedBodies(XMPPTCPConnection owner, XMPPTCPConnection with) throws Exception {
        MamManager mam = MamManager.getInstanceFor(owner);
        assertTrue(mam.isSupported());
        return mam.queryMostRecentPage(bare(with), 10).getMessages().stream().map(Message::getBody).toList();
    }

    private static Message chatState(XMPPTCPConnection to, ChatState state) {
        return StanzaBuilder.buildMessage().to(bare(to)).ofType(Message.Type.chat)
                .addExtension(new ChatStateExtension(state)).build();
    }

    @Test
    void aBurstFasterThanTheServerIsSlowedDownNotDropped() throws Exception {
        XMPPTCPConnection alice = newUser("alice", "laptop");
        XMPPTCPConnection bob = newUser("bob", "phone");
        available(bob);
        PingManager.getInstanceFor(bob).pingMyServer();
        java.util.Set<String> received = java.util.concurrent.ConcurrentHashMap.newKeySet();
        bob.addAsyncStanzaListener(stanza -> received.add(((Message) stanza).getBody()), MessageTypeFilter.CHAT);
        int burst = 500;

        for (int i = 0; i < burst; i++) {
            alice.sendStanza(StanzaBuilder.buildMessage("burst" + i).to(bare(bob)).ofType(Message.Type.chat)
                    .setBody("burst " + i).build());
        }

        long deadline = System.currentTimeMillis() + 60_000;
        while (received.size() < burst && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(burst, received.size());
    }

    @Test
    void aMessageForAnOfflineUserArrivesAtTheNextLogin() throws Exception {
        XMPPTCPConnection alice = newUser("alice", "laptop");
        XMPPTCPConnection bob = newUser("bob", "phone");
        String bobName = bob.getUser().getLocalpart().toString();
        bob.disconnect();

        alice.sendStanza(StanzaBuilder.buildMessage("m2").to(JidCreate.bareFrom(bobName + "@" + XmppClients.DOMAIN))
                .ofType(Message.Type.chat).setBody("while you were away").build());
        XMPPTCPConnection bobAgain = XmppClients.login(bobName, "desk");
        connections.add(bobAgain);
        StanzaCollector inbox = bobAgain.createStanzaCollector(MessageTypeFilter.CHAT);
        available(bobAgain);

        Message kept = inbox.nextResult(WAIT);
        inbox.cancel();
        assertNotNull(kept, "the offline message did not arrive");
        assertEquals("while you were away", kept.getBody());
        assertNotNull(kept.getExtension("urn:xmpp:delay"), "an offline message carries its delay (XEP-0203)");
    }

    @Test
    void aMessageToAnUnknownUserComesBackAsServiceUnavailable() throws Exception {
        XMPPTCPConnection alice = newUser("alice", "laptop");
        StanzaCollector errors = alice.createStanzaCollector(MessageTypeFilter.ERROR);

        alice.sendStanza(StanzaBuilder.buildMessage("m3").to(JidCreate.bareFrom("nobody-here@" + XmppClients.DOMAIN))
                .ofType(Message.Type.chat).setBody("hello?").build());

        Stanza error = errors.nextResult(WAIT);
        errors.cancel();
        assertNotNull(error);
        assertEquals("service-unavailable", error.getError().getCondition().toString());
    }

    @Test
    void aSpoofedSenderEndsTheStreamWithInvalidFrom() throws Exception {
        XMPPTCPConnection mallory = newUser("mallory", "laptop");
        mallory.setFromMode(XMPPConnection.FromMode.UNCHANGED); // Smack would otherwise drop the 'from'
        XMPPTCPConnection bob = newUser("bob", "phone");
        available(bob);
        StanzaCollector bobReceives = bob.createStanzaCollector(MessageTypeFilter.CHAT);

        mallory.sendStanza(StanzaBuilder.buildMessage("m4").from(JidCreate.from("ceo@" + XmppClients.DOMAIN + "/x"))
                .to(bare(bob)).ofType(Message.Type.chat).setBody("wire the money").build());

        long deadline = System.currentTimeMillis() + WAIT;
        while (mallory.isConnected() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(mallory.isConnected(), "the server kept the spoofing connection");
        assertEquals(null, bobReceives.nextResult(500), "the spoofed message was delivered");
        bobReceives.cancel();
    }

    @Test
    void aSecondLoginWithTheSameResourceIsRefused() throws Exception {
        XMPPTCPConnection alice = newUser("alice", "laptop");

        Exception refused = null;
        try {
            login(alice, "laptop");
        } catch (Exception e) {
            refused = e;
        }

        assertNotNull(refused);
        assertTrue(alice.isConnected());
        assertTrue(PingManager.getInstanceFor(alice).pingMyServer());
    }
}
