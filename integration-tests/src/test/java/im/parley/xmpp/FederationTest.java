package im.parley.xmpp;

import im.parley.testsupport.Eventually;
import im.parley.testsupport.Fixtures;
import im.parley.testsupport.ParleyApplication;
import im.parley.testsupport.PeerServer;
import im.parley.testsupport.RawXmppClient;
import im.parley.testsupport.XmppClients;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.carbons.CarbonManager;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Federation (RFC 6120 server-to-server streams with XEP-0220 dialback): Parley's users and
 * the users of another domain, served by Prosody on this machine, reach each other.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FederationTest {
    private static final long WAIT_MILLIS = 30_000;
    private static final String SERVER_HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:server'"
            + " xmlns:stream='http://etherx.jabber.org/streams' xmlns:db='jabber:server:dialback'"
            + " from='" + PeerServer.DOMAIN + "' to='" + Fixtures.DOMAIN + "' version='1.0'>";
    private static PeerServer peer;

    @Deployment(testable = false)
    static EnterpriseArchive parley() {
        return ParleyApplication.asBuilt();
    }

    @BeforeAll
    static void startThePeerDomain() throws Exception {
        peer = PeerServer.start();
    }

    @AfterAll
    static void stopThePeerDomain() throws Exception {
        if (peer != null) {
            peer.close();
        }
    }

    @Test
    void aMessageFromAParleyUserReachesAUserOfAnotherDomain() throws Exception {
        XMPPTCPConnection alice = XmppClients.newUser("alice", "laptop");
        XMPPTCPConnection bob = peer.newUser("bob", "phone");
        try (StanzaCollector inbox = bob.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
            alice.sendStanza(chat(bob.getUser(), "hello from Parley"));

            Message received = inbox.nextResult(WAIT_MILLIS);
            assertNotNull(received, "nothing arrived at the other domain; Prosody's log:\n" + peer.log());
            assertEquals("hello from Parley", received.getBody());
            assertEquals(alice.getUser(), received.getFrom());
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    /**
     * RFC 6120 section 4.4: Parley closes a stream to another domain that has carried nothing
     * for a while (3 s in the test server), and the next stanza for that domain opens another.
     */
    @Test
    void anIdleStreamToAnotherDomainIsClosedAndTheNextMessageOpensANewOne() throws Exception {
        XMPPTCPConnection alice = XmppClients.newUser("alice", "laptop");
        XMPPTCPConnection bob = peer.newUser("bob", "phone");
        try (StanzaCollector inbox = bob.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
            alice.sendStanza(chat(bob.getUser(), "before the pause"));
            assertNotNull(inbox.nextResult(WAIT_MILLIS), "nothing arrived at the other domain; Prosody's log:\n" + peer.log());

            Eventually.holds("the idle stream to the other domain stayed open", () -> connectionsToThePeersServerPort() == 0);

            alice.sendStanza(chat(bob.getUser(), "after the pause"));
            Message received = inbox.nextResult(WAIT_MILLIS);
            assertNotNull(received, "nothing arrived after the idle stream closed; Prosody's log:\n" + peer.log());
            assertEquals("after the pause", received.getBody());
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    /** Established TCP connections to the other domain's server-to-server port: Parley's streams there. */
    private static long connectionsToThePeersServerPort() {
        String port = String.format(":%04X", PeerServer.SERVER_PORT);
        try {
            return Stream.of("/proc/net/tcp", "/proc/net/tcp6")
                    .map(Path::of).filter(Files::exists)
                    .flatMap(file -> {
                        try {
                            return Files.readAllLines(file).stream().skip(1);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .map(line -> line.trim().split("\\s+"))
                    .filter(columns -> columns[2].endsWith(port) && columns[3].equals("01"))
                    .count();
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("cannot read the machine's TCP connections", e);
        }
    }

    @Test
    void aMessageFromAUserOfAnotherDomainReachesAParleyUser() throws Exception {
        XMPPTCPConnection alice = XmppClients.newUser("alice", "laptop");
        alice.sendStanza(StanzaBuilder.buildPresence().build());
        XMPPTCPConnection bob = peer.newUser("bob", "phone");
        try (StanzaCollector inbox = alice.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
            bob.sendStanza(chat(alice.getUser().asBareJid(), "hello from Prosody"));

            Message received = inbox.nextResult(WAIT_MILLIS);
            assertNotNull(received, "nothing arrived at Parley; Prosody's log:\n" + peer.log());
            assertEquals("hello from Prosody", received.getBody());
            assertEquals(bob.getUser(), received.getFrom());
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void aMessageFromAnotherDomainToAnOfflineUserWaitsInItsInstantInbox() throws Exception {
        XMPPTCPConnection registration = XmppClients.newUser("carol", "setup");
        String carol = registration.getUser().getLocalpart().toString();
        Jid carolAddress = registration.getUser().asBareJid();
        registration.disconnect();
        XMPPTCPConnection bob = peer.newUser("bob", "phone");
        bob.sendStanza(chat(carolAddress, "while you were away"));
        Thread.sleep(3_000); // the message crosses over and is stored before carol comes back

        XMPPTCPConnection back = XmppClients.login(carol, "laptop");
        try (StanzaCollector inbox = back.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
            back.sendStanza(StanzaBuilder.buildPresence().build());

            Message received = inbox.nextResult(WAIT_MILLIS);
            assertNotNull(received, "the stored message was not delivered; Prosody's log:\n" + peer.log());
            assertEquals("while you were away", received.getBody());
            assertEquals(bob.getUser(), received.getFrom());
        } finally {
            back.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void anIqReachesTheSessionItIsAddressedToInAnotherDomainAndItsAnswerComesBack() throws Exception {
        XMPPTCPConnection alice = XmppClients.newUser("alice", "laptop");
        XMPPTCPConnection bob = peer.newUser("bob", "phone");
        try {
            // Smack answers pings itself (XEP-0199), so the answer is bob's client's.
            assertTrue(PingManager.getInstanceFor(alice).ping(bob.getUser(), WAIT_MILLIS),
                    "no answer from the other domain; Prosody's log:\n" + peer.log());
            assertTrue(PingManager.getInstanceFor(bob).ping(alice.getUser(), WAIT_MILLIS),
                    "no answer from Parley");
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void aParleyUserSubscribesToAUserOfAnotherDomainAndSeesItsPresence() throws Exception {
        XMPPTCPConnection alice = XmppClients.newUser("alice", "laptop");
        XMPPTCPConnection bob = peer.newUser("bob", "phone");
        try {
            Roster.getInstanceFor(bob).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
            bob.sendStanza(StanzaBuilder.buildPresence().setStatus("at the other domain").build());
            alice.sendStanza(StanzaBuilder.buildPresence().build());
            Roster roster = Roster.getInstanceFor(alice);

            roster.createItemAndRequestSubscription(bob.getUser().asBareJid(), "Bob", null);

            awaitItem(roster, bob.getUser().asBareJid(), RosterPacket.ItemType.to,
                    "alice's roster never showed bob's approval; Prosody's log:\n" + peer.log());
            Eventually.holds("bob's presence never reached alice", () ->
                    "at the other domain".equals(roster.getPresence(bob.getUser().asBareJid()).getStatus()));
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void aUserOfAnotherDomainSubscribesToAParleyUserAndSeesItsPresence() throws Exception {
        XMPPTCPConnection alice = XmppClients.newUser("alice", "laptop");
        XMPPTCPConnection bob = peer.newUser("bob", "phone");
        try {
            Roster.getInstanceFor(alice).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
            alice.sendStanza(StanzaBuilder.buildPresence().setStatus("at Parley").build());
            bob.sendStanza(StanzaBuilder.buildPresence().build());
            Roster roster = Roster.getInstanceFor(bob);

            roster.createItemAndRequestSubscription(alice.getUser().asBareJid(), "Alice", null);

            awaitItem(roster, alice.getUser().asBareJid(), RosterPacket.ItemType.to,
                    "alice's approval never reached bob; Prosody's log:\n" + peer.log());
            Eventually.holds("alice's presence never reached bob", () ->
                    "at Parley".equals(roster.getPresence(alice.getUser().asBareJid()).getStatus()));
            RosterEntry bobInAlicesRoster = Roster.getInstanceFor(alice).getEntry(bob.getUser().asBareJid());
            assertNotNull(bobInAlicesRoster);
            assertEquals(RosterPacket.ItemType.from, bobInAlicesRoster.getType());
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void aRequestFromAnotherDomainWaitsForTheParleyUserToSignIn() throws Exception {
        XMPPTCPConnection registration = XmppClients.newUser("alice", "setup");
        String aliceName = registration.getUser().getLocalpart().toString();
        BareJid aliceAddress = registration.getUser().asBareJid();
        registration.disconnect();
        XMPPTCPConnection bob = peer.newUser("bob", "phone");
        try {
            bob.sendStanza(StanzaBuilder.buildPresence().build());
            Roster bobsRoster = Roster.getInstanceFor(bob);
            bobsRoster.createItemAndRequestSubscription(aliceAddress, "Alice", null);
            Thread.sleep(2_000); // the request crosses over and waits while alice is away

            XMPPTCPConnection alice = XmppClients.login(aliceName, "laptop");
            try {
                Roster.getInstanceFor(alice).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
                alice.sendStanza(StanzaBuilder.buildPresence().setStatus("back").build());

                Eventually.holds("the waiting request was never answered; Prosody's log:\n" + peer.log(), () ->
                        "back".equals(bobsRoster.getPresence(aliceAddress).getStatus()));
            } finally {
                alice.disconnect();
            }
        } finally {
            bob.disconnect();
        }
    }

    @Test
    void removingAContactOfAnotherDomainEndsTheSubscriptionsOnItsServerToo() throws Exception {
        XMPPTCPConnection alice = XmppClients.newUser("alice", "laptop");
        XMPPTCPConnection bob = peer.newUser("bob", "phone");
        try {
            Roster.getInstanceFor(bob).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
            bob.sendStanza(StanzaBuilder.buildPresence().build());
            Roster alicesRoster = Roster.getInstanceFor(alice);
            alicesRoster.createItemAndRequestSubscription(bob.getUser().asBareJid(), "Bob", null);
            Roster bobsRoster = Roster.getInstanceFor(bob);
            awaitItem(bobsRoster, alice.getUser().asBareJid(), RosterPacket.ItemType.from,
                    "bob's server never recorded alice's subscription");

            alicesRoster.removeEntry(alicesRoster.getEntry(bob.getUser().asBareJid()));

            Eventually.holds("bob's server still has alice subscribed; Prosody's log:\n" + peer.log(), () -> {
                RosterEntry entry = bobsRoster.getEntry(alice.getUser().asBareJid());
                return entry == null || entry.getType() == RosterPacket.ItemType.none;
            });
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void aParleyUserSigningInSeesThePresenceOfItsContactsInAnotherDomain() throws Exception {
        XMPPTCPConnection alice = XmppClients.newUser("alice", "laptop");
        String aliceName = alice.getUser().getLocalpart().toString();
        XMPPTCPConnection bob = peer.newUser("bob", "phone");
        try {
            Roster.getInstanceFor(bob).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
            bob.sendStanza(StanzaBuilder.buildPresence().setStatus("still here").build());
            Roster.getInstanceFor(alice).createItemAndRequestSubscription(bob.getUser().asBareJid(), "Bob", null);
            awaitItem(Roster.getInstanceFor(alice), bob.getUser().asBareJid(), RosterPacket.ItemType.to,
                    "the subscription was never approved");
            alice.disconnect();

            XMPPTCPConnection back = XmppClients.login(aliceName, "desktop");
            try {
                Roster roster = Roster.getInstanceFor(back);
                back.sendStanza(StanzaBuilder.buildPresence().build());

                Eventually.holds("the probe brought no presence; Prosody's log:\n" + peer.log(), () ->
                        "still here".equals(roster.getPresence(bob.getUser().asBareJid()).getStatus()));
            } finally {
                back.disconnect();
            }
        } finally {
            bob.disconnect();
        }
    }

    @Test
    void aConversationWithAUserOfAnotherDomainIsKeptInTheParleyUsersArchive() throws Exception {
        XMPPTCPConnection alice = XmppClients.newUser("alice", "laptop");
        alice.sendStanza(StanzaBuilder.buildPresence().build());
        XMPPTCPConnection bob = peer.newUser("bob", "phone");
        bob.sendStanza(StanzaBuilder.buildPresence().build()); // Prosody gives bare-address messages to available sessions only
        try (StanzaCollector bobsInbox = bob.createStanzaCollector(StanzaTypeFilter.MESSAGE);
             StanzaCollector alicesInbox = alice.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
            alice.sendStanza(chat(bob.getUser().asBareJid(), "question"));
            assertNotNull(bobsInbox.nextResult(WAIT_MILLIS), "the question never arrived; Prosody's log:\n" + peer.log());
            bob.sendStanza(chat(alice.getUser().asBareJid(), "answer"));
            assertNotNull(alicesInbox.nextResult(WAIT_MILLIS), "the answer never arrived");

            MamManager mam = MamManager.getInstanceFor(alice);
            assertTrue(mam.isSupported()); // Smack learns the archive's version from disco
            MamManager.MamQuery archive = mam.queryMostRecentPage(bob.getUser().asBareJid(), 10);

            assertEquals(List.of("question", "answer"), archive.getMessages().stream().map(Message::getBody).toList());
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void aMessageToAnotherDomainIsCopiedToTheSendersOtherSessions() throws Exception {
        XMPPTCPConnection laptop = XmppClients.newUser("alice", "laptop");
        XMPPTCPConnection phone = XmppClients.login(laptop.getUser().getLocalpart().toString(), "phone");
        XMPPTCPConnection bob = peer.newUser("bob", "phone");
        try {
            phone.sendStanza(StanzaBuilder.buildPresence().build());
            CarbonManager.getInstanceFor(phone).enableCarbons();
            BlockingQueue<String> copies = new LinkedBlockingQueue<>();
            CarbonManager.getInstanceFor(phone).addCarbonCopyReceivedListener(
                    (direction, copy, wrapping) -> copies.add(direction + ":" + copy.getTo() + ":" + copy.getBody()));

            laptop.sendStanza(chat(bob.getUser().asBareJid(), "sent from the laptop"));

            assertEquals("sent:" + bob.getUser().asBareJid() + ":sent from the laptop",
                    copies.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS));
        } finally {
            laptop.disconnect();
            phone.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void aMessageToADomainWithoutAServerComesBackAsRemoteServerNotFound() throws Exception {
        XMPPTCPConnection alice = XmppClients.newUser("alice", "laptop");
        try (StanzaCollector inbox = alice.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
            alice.sendStanza(chat(JidCreate.from("nobody@nowhere.invalid"), "anyone there?"));

            Message bounced = inbox.nextResult(WAIT_MILLIS);
            assertNotNull(bounced, "no error came back");
            assertEquals(Message.Type.error, bounced.getType());
            assertEquals(StanzaError.Condition.remote_server_not_found, bounced.getError().getCondition());
            assertEquals("nobody@nowhere.invalid", bounced.getFrom().toString());
        } finally {
            alice.disconnect();
        }
    }

    @Test
    void aServerClaimingAnotherDomainWithAKeyThatDomainDidNotMakeIsRefused() throws Exception {
        try (RawXmppClient impostor = new RawXmppClient(5269, SERVER_HEADER)) {
            impostor.secure();
            impostor.forget();
            impostor.send("<db:result from='" + PeerServer.DOMAIN + "' to='" + Fixtures.DOMAIN + "'>forged</db:result>");

            String answer = impostor.readUntil("<db:result");
            assertTrue(impostor.readUntil("/>").contains("type='invalid'"), answer);
        }
    }

    @Test
    void aServerClaimingToBeThisDomainIsRefused() throws Exception {
        try (RawXmppClient impostor = new RawXmppClient(5269, SERVER_HEADER)) {
            impostor.secure();
            impostor.send("<db:result from='" + Fixtures.DOMAIN + "' to='" + Fixtures.DOMAIN + "'>anything</db:result>");

            assertTrue(impostor.readUntil("</stream:stream>").contains("<invalid-from"));
            assertTrue(impostor.closedByServer());
        }
    }

    @Test
    void aStanzaFromADomainNotAcceptedOnTheStreamEndsIt() throws Exception {
        try (RawXmppClient impostor = new RawXmppClient(5269, SERVER_HEADER)) {
            impostor.secure();
            impostor.send("<message from='bob@" + PeerServer.DOMAIN + "' to='alice@" + Fixtures.DOMAIN
                    + "' type='chat'><body>spoofed</body></message>");

            assertTrue(impostor.readUntil("</stream:stream>").contains("<invalid-from"));
            assertTrue(impostor.closedByServer());
        }
    }

    @Test
    void aFloodOfServerStreamsFromOneAddressIsRefused() throws Exception {
        List<RawXmppClient> flood = new java.util.ArrayList<>();
        try {
            String refused = "";
            for (int i = 0; i < 30 && !refused.contains("policy-violation"); i++) {
                RawXmppClient stream = new RawXmppClient(5269, SERVER_HEADER);
                flood.add(stream);
                stream.send(SERVER_HEADER);
                refused = stream.readUntil("</stream:features>");
            }

            assertTrue(refused.contains("<policy-violation"), refused);
            assertTrue(flood.get(flood.size() - 1).closedByServer());
        } finally {
            for (RawXmppClient stream : flood) {
                stream.close();
            }
        }
    }

    /** Waits until the roster has the contact with that subscription state. */
    private static void awaitItem(Roster roster, BareJid contact, RosterPacket.ItemType type, String failure)
            throws InterruptedException {
        Eventually.holds(failure, () -> {
            RosterEntry entry = roster.getEntry(contact);
            return entry != null && entry.getType() == type;
        });
    }

    private static Message chat(Jid to, String body) {
        return StanzaBuilder.buildMessage().to(to).ofType(Message.Type.chat).setBody(body).build();
    }
}
