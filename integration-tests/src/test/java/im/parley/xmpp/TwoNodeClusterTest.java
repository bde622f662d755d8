package im.parley.xmpp;

import im.parley.testsupport.ClusterDiagnostics;
import im.parley.testsupport.Eventually;
import im.parley.testsupport.HttpApi;
import im.parley.testsupport.ParleyApplication;
import im.parley.testsupport.RawXmppClient;
import im.parley.testsupport.SecondNode;
import im.parley.testsupport.TcpRelay;
import im.parley.testsupport.XmppClients;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two Parley nodes, the test server and a second Liberty server, sharing the PostgreSQL
 * database and one messaging engine: users signed in to different nodes are one domain's
 * users. (Only on PostgreSQL: the embedded database belongs to one process.)
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TwoNodeClusterTest {
    private static final long WAIT_MILLIS = 30_000;
    private static SecondNode secondNode;

    @Deployment(testable = false)
    static EnterpriseArchive parley() {
        return ParleyApplication.asBuilt();
    }

    @BeforeAll
    static void startTheSecondNode() throws Exception {
        assumeTrue("postgresql".equals(System.getenv("PARLEY_DB")), "a cluster shares a PostgreSQL database");
        secondNode = SecondNode.start();
    }

    @AfterAll
    static void stopTheSecondNode() throws Exception {
        if (secondNode != null) {
            secondNode.close();
        }
    }

    @Test
    void aMessageReachesAUserSignedInToTheOtherNode() throws Exception {
        XMPPTCPConnection alice = XmppClients.newUser("alice", "laptop");
        XMPPTCPConnection bob = onSecondNode(XmppClients.newUser("bob", "setup"), "phone");
        try (StanzaCollector inbox = bob.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
            bob.sendStanza(StanzaBuilder.buildPresence().build());
            PingManager.getInstanceFor(bob).pingMyServer(); // its presence is stored once the ping is answered

            alice.sendStanza(chat(bob.getUser().asBareJid(), "across the cluster"));

            Message received = inbox.nextResult(WAIT_MILLIS);
            assertNotNull(received, "nothing reached the second node");
            assertEquals("across the cluster", received.getBody());
            assertEquals(alice.getUser(), received.getFrom());
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void aPresenceChangeOnOneNodeReachesASubscriberOnTheOther() throws Exception {
        XMPPTCPConnection alice = XmppClients.newUser("alice", "laptop");
        XMPPTCPConnection bob = onSecondNode(XmppClients.newUser("bob", "setup"), "phone");
        try {
            Roster roster = watching(bob, alice);

            alice.sendStanza(StanzaBuilder.buildPresence().setStatus("changed on node one").build());

            Eventually.holds("alice's change never reached the second node", () ->
                    "changed on node one".equals(roster.getPresence(alice.getUser().asBareJid()).getStatus()));
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void aMessageKeptOnOneNodeIsDeliveredAtSignInOnTheOther() throws Exception {
        XMPPTCPConnection alice = XmppClients.newUser("alice", "laptop");
        XMPPTCPConnection registration = XmppClients.newUser("carol", "setup");
        String carol = registration.getUser().getLocalpart().toString();
        Jid carolAddress = registration.getUser().asBareJid();
        registration.disconnect();
        alice.sendStanza(chat(carolAddress, "kept for you"));
        PingManager.getInstanceFor(alice).pingMyServer(); // stored once the ping is answered

        XMPPTCPConnection back = XmppClients.login(carol, "phone", SecondNode.XMPP_PORT);
        try (StanzaCollector inbox = back.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
            back.sendStanza(StanzaBuilder.buildPresence().build());

            Message received = inbox.nextResult(WAIT_MILLIS);
            assertNotNull(received, "the kept message was not delivered on the second node");
            assertEquals("kept for you", received.getBody());
        } finally {
            alice.disconnect();
            back.disconnect();
        }
    }

    @Test
    void aMessageHandedOverOnTheOtherNodeLeavesTheInbox() throws Exception {
        XMPPTCPConnection alice = XmppClients.newUser("alice", "laptop");
        XMPPTCPConnection bob = onSecondNode(XmppClients.newUser("bob", "setup"), "phone");
        HttpApi bobOverHttp = HttpApi.as(bob.getUser().asBareJid().toString(), XmppClients.PASSWORD);
        try (StanzaCollector inbox = bob.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
            bob.sendStanza(StanzaBuilder.buildPresence().build());
            PingManager.getInstanceFor(bob).pingMyServer();

            alice.sendStanza(chat(bob.getUser().asBareJid(), "held until handed over"));
            assertNotNull(inbox.nextResult(WAIT_MILLIS), "nothing reached the second node");

            // Held while node2 handed it over, then let go: a later sign-in does not get it again.
            Eventually.holds("the inbox still holds a message node2 handed over",
                    () -> bobOverHttp.get("/inbox").array().isEmpty());
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void aMessageForTheSessionOfANodeThatDiedWaitsForTheNextSignIn() throws Exception {
        XMPPTCPConnection alice = XmppClients.newUser("alice", "laptop");
        XMPPTCPConnection bob = onSecondNode(XmppClients.newUser("bob", "setup"), "phone");
        String bobName = bob.getUser().getLocalpart().toString();
        bob.sendStanza(StanzaBuilder.buildPresence().build());
        PingManager.getInstanceFor(bob).pingMyServer();
        secondNode.crash();
        try {
            // Its session is still on record as node2's: the message is routed to a node that is gone.
            alice.sendStanza(chat(bob.getUser().asBareJid(), "sent while your node was down"));
            PingManager.getInstanceFor(alice).pingMyServer();

            assertEquals("sent while your node was down", firstMessageAtSignIn(bobName),
                    "the message was lost with the node");
        } finally {
            alice.disconnect();
            secondNode = SecondNode.start(); // the next tests want it; its start clears the dead sessions
        }
    }

    /**
     * XEP-0198: a message the other node handed to a client that confirms receipt, but that
     * the client had not confirmed when the node died, waits in the inbox for the next sign-in.
     */
    @Test
    void aMessageNotYetConfirmedWhenItsNodeDiedWaitsForTheNextSignIn() throws Exception {
        XMPPTCPConnection alice = XmppClients.newUser("alice", "laptop");
        String bobName = newAccount("bob");
        try (RawXmppClient bobOnSecondNode = new RawXmppClient(SecondNode.XMPP_PORT, RawXmppClient.HEADER)) {
            bobOnSecondNode.signIn(bobName, XmppClients.PASSWORD, "phone");
            // The ping is answered once the presence before it is recorded: bob is then reachable.
            bobOnSecondNode.send("<enable xmlns='urn:xmpp:sm:3'/><presence/>"
                    + "<iq type='get' id='sync'><ping xmlns='urn:xmpp:ping'/></iq>");
            bobOnSecondNode.readUntil("id='sync'");

            alice.sendStanza(chat(JidCreate.entityBareFrom(bobName + "@" + XmppClients.DOMAIN), "not confirmed yet"));
            assertTrue(bobOnSecondNode.readUntil("</message>").contains("not confirmed yet"), "nothing reached node2");
            // Node2 has long finished what follows a hand-over; unconfirmed, the message is still kept.
            Thread.sleep(2000);
            assertEquals(1, HttpApi.as(bobName + "@" + XmppClients.DOMAIN, XmppClients.PASSWORD).get("/inbox")
                    .array().size(), "the inbox let go of a message the client had not confirmed");
            secondNode.crash(); // before bob's client answered the server's request for a confirmation
        }
        try {
            assertEquals("not confirmed yet", firstMessageAtSignIn(bobName),
                    "the unconfirmed message was lost with the node");
        } finally {
            alice.disconnect();
            secondNode = SecondNode.start();
        }
    }

    @Test
    void theUsersOfANodeThatDiedGoUnavailableForTheirContacts() throws Exception {
        XMPPTCPConnection alice = XmppClients.newUser("alice", "laptop");
        XMPPTCPConnection bob = onSecondNode(XmppClients.newUser("bob", "setup"), "phone");
        try {
            Roster roster = watching(alice, bob);

            secondNode.crash();

            awaitUnavailable(roster, bob, "bob still shows available after his node died");
        } finally {
            alice.disconnect();
            secondNode = SecondNode.start();
        }
    }

    @Test
    void aNodeThatWasOnlyPausedEndsTheConnectionsWhoseSessionsTheOtherClosed() throws Exception {
        XMPPTCPConnection alice = XmppClients.newUser("alice", "laptop");
        XMPPTCPConnection bob = onSecondNode(XmppClients.newUser("bob", "setup"), "phone");
        CompletableFuture<Exception> bobsStreamEnded = new CompletableFuture<>();
        bob.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                bobsStreamEnded.complete(e);
            }
        });
        try {
            Roster roster = watching(alice, bob);
            // Bob's stanzas are all handled before the pause: a transaction the paused node
            // left open would hold its rows locked, and the first node's clean-up would wait.
            PingManager.getInstanceFor(bob).pingMyServer();

            secondNode.pause();
            try {
                awaitUnavailable(roster, bob, "the first node never took the paused one for dead");
            } finally {
                secondNode.carryOn();
            }

            // Bob's session is closed on record: his connection ends, so that his client signs in again.
            Exception ended = bobsStreamEnded.get(60, TimeUnit.SECONDS);
            assertTrue(ended instanceof XMPPException.StreamErrorException, String.valueOf(ended));
            assertEquals(StreamError.Condition.reset,
                    ((XMPPException.StreamErrorException) ended).getStreamError().getCondition());
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void aNodeThatDoesNotYetHearTheOtherNodesOpensNoSessionUntilItDoes() throws Exception {
        XMPPTCPConnection alice = XmppClients.newUser("alice", "laptop");
        String bobName = newAccount("bob");
        try {
            withTheSecondNodeCutOffFromTheEngine(messagingEngine -> noSessionUntilTheNodeHears(alice, bobName,
                    messagingEngine));
        } finally {
            alice.disconnect();
        }
    }

    private static void noSessionUntilTheNodeHears(XMPPTCPConnection alice, String bobName, TcpRelay messagingEngine)
            throws Exception {
        // Its XMPP port is open, but the way to the messaging engine is not yet.
        XMPPException.XMPPErrorException refused = assertThrows(XMPPException.XMPPErrorException.class,
                () -> XmppClients.login(bobName, "phone", SecondNode.XMPP_PORT).disconnect());
        assertEquals(StanzaError.Condition.resource_constraint,
                refused.getStanzaError().getCondition(), "RFC 6120 section 8.3.3.18: try again later");
        assertEquals(StanzaError.Type.WAIT, refused.getStanzaError().getType());
        HttpApi.Answer stream = HttpApi.as(bobName + "@" + XmppClients.DOMAIN, XmppClients.PASSWORD)
                .get(SecondNode.HTTPS_URL + "/api/stream", "text/event-stream");
        assertEquals(503, stream.status(), stream.body());
        assertEquals("application/problem+json", stream.contentType());
        assertTrue(stream.response().headers().firstValue("Retry-After").isPresent(), "no Retry-After");

        messagingEngine.open();
        XMPPTCPConnection bob = Eventually.found(90, "bob could not sign in once the node reached the engine",
                () -> signedIn(bobName));
        try {
            // Alice's subscription request reaches bob only through the event topic.
            watching(alice, bob);
        } finally {
            bob.disconnect();
        }
    }

    /**
     * What a node copied (a user's sessions, here) while it did not hear the other nodes may
     * have changed meanwhile without its hearing of it: it forgets its copies once it hears
     * them, so it routes by what is true then.
     */
    @Test
    void aNodeForgetsWhatItCopiedBeforeItHeardTheOtherNodes() throws Exception {
        String bobName = newAccount("bob");
        String bob = bobName + "@" + XmppClients.DOMAIN;
        String daveName = newAccount("dave");
        HttpApi carol = HttpApi.newUser("carol");
        withTheSecondNodeCutOffFromTheEngine(messagingEngine -> {
            // Through the second node while bob has no session: it copies that he has none.
            HttpApi.Answer away = carol.post(SecondNode.HTTPS_URL + "/api/messages",
                    "{\"to\":\"" + bob + "\",\"body\":\"while you were away\"}");
            assertEquals(202, away.status(), away.body());
            assertEquals(0, away.json().getInt("sessions"), away.body());

            // Bob signs in to the first node, which tells the others: the second does not hear it.
            XMPPTCPConnection bobOnNodeOne = XmppClients.login(bobName, "laptop");
            try (StanzaCollector inbox = bobOnNodeOne.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
                bobOnNodeOne.sendStanza(StanzaBuilder.buildPresence().build());
                Message kept = inbox.nextResult(WAIT_MILLIS);
                assertNotNull(kept, "the message kept for bob did not come at sign-in");
                assertEquals("while you were away", kept.getBody());

                messagingEngine.open();
                Eventually.found(90, "the second node never reached the engine", () -> signedIn(daveName))
                        .disconnect();

                HttpApi.Answer live = carol.post(SecondNode.HTTPS_URL + "/api/messages",
                        "{\"to\":\"" + bob + "\",\"body\":\"now that it hears\"}");
                assertEquals(202, live.status(), live.body());
                assertEquals(1, live.json().getInt("sessions"),
                        "the second node still took bob for away: " + live.body());
                Message received = inbox.nextResult(WAIT_MILLIS);
                assertNotNull(received, "the message did not reach bob's session on the first node");
                assertEquals("now that it hears", received.getBody());
            } finally {
                bobOnNodeOne.disconnect();
            }
        });
    }

    /** What a test does with the second node while its way to the engine is a relay it opens when it likes. */
    private interface CutOff {
        void run(TcpRelay messagingEngine) throws Exception;
    }

    /**
     * Restarts the second node with its way to the first node's messaging engine through a
     * relay that is closed until the test opens it; afterwards the node starts again as usual.
     */
    private static void withTheSecondNodeCutOffFromTheEngine(CutOff test) throws Exception {
        secondNode.close();
        try (TcpRelay messagingEngine = new TcpRelay(SecondNode.MESSAGING_PORT)) {
            secondNode = SecondNode.start(messagingEngine.port());
            test.run(messagingEngine);
        } finally {
            secondNode.close();
            secondNode = SecondNode.start();
        }
    }

    /** A new account's username, with no session left open. */
    private static String newAccount(String name) throws Exception {
        XMPPTCPConnection registered = XmppClients.newUser(name, "setup");
        String username = registered.getUser().getLocalpart().toString();
        registered.disconnect();
        return username;
    }

    /** Bob on the second node, or nothing while it still refuses sessions. */
    private static Optional<XMPPTCPConnection> signedIn(String username) {
        try {
            return Optional.of(XmppClients.login(username, "phone", SecondNode.XMPP_PORT));
        } catch (XMPPException.XMPPErrorException notYet) {
            return Optional.empty();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The watcher subscribes to the presentity, which approves (both available, on whichever
     * nodes they are); returns the watcher's roster once it shows the presentity available.
     */
    private static Roster watching(XMPPTCPConnection watcher, XMPPTCPConnection presentity) throws Exception {
        Roster.getInstanceFor(presentity).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        presentity.sendStanza(StanzaBuilder.buildPresence().build());
        watcher.sendStanza(StanzaBuilder.buildPresence().build());
        Roster roster = Roster.getInstanceFor(watcher);
        roster.createItemAndRequestSubscription(presentity.getUser().asBareJid(), "contact", null);
        Eventually.holds("the subscription across the nodes never showed the contact available",
                () -> roster.getPresence(presentity.getUser().asBareJid()).isAvailable());
        return roster;
    }

    /** The live node notices the silence (about 20 s) and ends the dead or paused node's sessions. */
    private static void awaitUnavailable(Roster roster, XMPPTCPConnection contact, String failure) throws Exception {
        try {
            Eventually.found(90, failure, () ->
                    roster.getPresence(contact.getUser().asBareJid()).isAvailable() ? Optional.empty() : Optional.of(true));
        } catch (AssertionError e) {
            throw new AssertionError(failure + ClusterDiagnostics.describe(), e);
        }
    }

    /** Signs in to the first node, sends initial presence, and returns the body of the first message (null: none came). */
    private static String firstMessageAtSignIn(String username) throws Exception {
        XMPPTCPConnection back = XmppClients.login(username, "laptop");
        try (StanzaCollector inbox = back.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
            back.sendStanza(StanzaBuilder.buildPresence().build());
            Message received = inbox.nextResult(WAIT_MILLIS);
            return received == null ? null : received.getBody();
        } finally {
            back.disconnect();
        }
    }

    /** The same account, signed in to the second node instead (the first connection ends). */
    private static XMPPTCPConnection onSecondNode(XMPPTCPConnection registered, String resource) throws Exception {
        String username = registered.getUser().getLocalpart().toString();
        registered.disconnect();
        return XmppClients.login(username, resource, SecondNode.XMPP_PORT);
    }

    private static Message chat(Jid to, String body) {
        return StanzaBuilder.buildMessage().to(to).ofType(Message.Type.chat).setBody(body).build();
    }
}
