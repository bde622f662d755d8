package im.parley.session;

import im.parley.testsupport.Eventually;
import im.parley.testsupport.HttpApi;
import im.parley.testsupport.LiveStreamClient;
import im.parley.testsupport.ParleyApplication;
import im.parley.testsupport.XmppClients;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.PresenceBuilder;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.impl.JidCreate;

import static im.parley.testsupport.HttpAssertions.befriend;
import static im.parley.testsupport.HttpAssertions.presentity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Live streams (Server-Sent Events and WebSocket): notifications and messages as they happen. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LiveStreamTest {

    @Deployment(testable = false)
    static EnterpriseArchive parley() {
        return ParleyApplication.asBuilt();
    }

    @Test
    void aStreamStartsWithItsSessionAndTheCurrentPresenceOfWatchedPresentities() throws Exception {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi bob = HttpApi.newUser("bob");
        befriend(bob, alice);
        alice.put(presentity(alice) + "/tuples/desk", "{\"status\":\"OPEN\",\"note\":\"here\"}");

        try (LiveStreamClient stream = LiveStreamClient.sse(bob, "resource=dashboard")) {
            JsonObject session = stream.await("session");
            assertEquals(bob.address() + "/dashboard", session.getString("address"));
            JsonObject presence = stream.await("presence", e -> e.getString("presentity").equals(alice.address()));
            assertEquals("here", presence.getJsonObject("tuple").getString("note"));
        }
    }

    @Test
    void aSubscriberIsNotifiedOfEachPresenceChange() throws Exception {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi bob = HttpApi.newUser("bob");
        befriend(bob, alice);

        try (LiveStreamClient stream = LiveStreamClient.sse(bob, "available=false")) {
            stream.await("session");
            alice.put(presentity(alice) + "/tuples/desk", "{\"status\":\"OPEN\",\"otherStatus\":\"DND\"}");
            JsonObject busy = stream.await("presence", e -> e.getString("presentity").equals(alice.address()));
            assertEquals("DND", busy.getJsonObject("tuple").getString("otherStatus"));

            alice.delete(presentity(alice) + "/tuples/desk");
            JsonObject gone = stream.await("presence", e -> e.getString("presentity").equals(alice.address()));
            assertEquals("CLOSED", gone.getJsonObject("tuple").getString("status"));
        }
    }

    @Test
    void thePresentityHearsOfASubscriptionRequestAndOfANewWatcher() throws Exception {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi bob = HttpApi.newUser("bob");

        try (LiveStreamClient stream = LiveStreamClient.sse(alice, "available=false")) {
            stream.await("session");
            bob.post("/subscriptions", "{\"presentity\":\"" + alice.address() + "\"}");

            JsonObject request = stream.await("subscription");
            assertEquals(bob.address(), request.getString("watcher"));
            assertEquals("REQUESTED", request.getString("change"));
            JsonObject watcher = stream.await("watcher");
            assertEquals(bob.address(), watcher.getJsonObject("watcher").getString("watcher"));
            assertEquals("SUBSCRIBE", watcher.getJsonObject("watcher").getString("kind"));
        }
    }

    /** RFC 2778 section 2.4: a watcher whose visibility rule hides its fetches is not announced either. */
    @Test
    void aFetchHiddenByTheWatchersVisibilityRuleIsNotAnnounced() throws Exception {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi hidden = HttpApi.newUser("hidden");
        HttpApi seen = HttpApi.newUser("seen");
        alice.put("/rules/access", "{\"scope\":\"DOMAIN\",\"pattern\":\"" + HttpApi.DOMAIN + "\",\"action\":\"ALLOW\"}");
        hidden.put("/rules/visibility", "{\"presentity\":\"" + alice.address() + "\",\"hideFetches\":true}");

        try (LiveStreamClient stream = LiveStreamClient.sse(alice, "available=false")) {
            stream.await("session");
            assertEquals(200, hidden.get(presentity(alice)).status());
            assertEquals(200, seen.get(presentity(alice)).status());

            JsonObject watcher = stream.await("watcher").getJsonObject("watcher");
            assertEquals(seen.address(), watcher.getString("watcher"));
            assertEquals("FETCH", watcher.getString("kind"));
        }
    }

    /** Until the client acknowledges it, the inbox keeps it too: a node that dies meanwhile loses nothing. */
    @Test
    void aMessageArrivesOnTheStreamAndStaysInTheInboxUntilAcknowledged() throws Exception {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi bob = HttpApi.newUser("bob");

        try (LiveStreamClient stream = LiveStreamClient.sse(bob, null)) {
            String session = stream.await("session").getString("id");
            stream.await("presence", e -> e.getString("presentity").equals(bob.address()));
            alice.post("/messages", "{\"to\":\"" + bob.address() + "\",\"body\":\"live!\"}");

            JsonObject message = stream.await("message").getJsonObject("message");
            assertEquals("live!", message.getString("body"));
            assertEquals(message.getString("id"), bob.get("/inbox").array().getJsonObject(0).getString("id"));

            assertEquals(204, bob.delete("/inbox/" + message.getString("id") + "?session=" + session).status());
            Eventually.holds("the inbox still keeps an acknowledged message", () -> bob.get("/inbox").array().isEmpty());
        }
    }

    @Test
    void aMessageNotAcknowledgedWhenTheStreamEndsGoesBackToTheInbox() throws Exception {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi bob = HttpApi.newUser("bob");

        try (LiveStreamClient stream = LiveStreamClient.sse(bob, null)) {
            stream.await("session");
            stream.await("presence", e -> e.getString("presentity").equals(bob.address()));
            alice.post("/messages", "{\"to\":\"" + bob.address() + "\",\"body\":\"do not lose me\"}");
            stream.await("message");
        }

        JsonObject kept = Eventually.inboxMessage(bob);
        assertEquals("do not lose me", kept.getString("body"));
        // The next stream is given it again.
        try (LiveStreamClient again = LiveStreamClient.sse(bob, null)) {
            assertEquals("do not lose me", again.await("message").getJsonObject("message").getString("body"));
        }
    }

    @Test
    void messagesThatWaitedInTheInboxArriveWhenAStreamOpens() throws Exception {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi bob = HttpApi.newUser("bob");
        alice.post("/messages", "{\"to\":\"" + bob.address() + "\",\"body\":\"while you were out\"}");

        try (LiveStreamClient stream = LiveStreamClient.sse(bob, "acks=false")) {
            assertEquals("while you were out", stream.await("message").getJsonObject("message").getString("body"));
        }
    }

    @Test
    void aWebSocketStreamCarriesTheSameEvents() throws Exception {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi bob = HttpApi.newUser("bob");
        befriend(bob, alice);
        String token = bob.post("/tokens", "{\"label\":\"dashboard\"}").json().getString("token");

        try (LiveStreamClient stream = LiveStreamClient.webSocket(token, "acks=false")) {
            assertTrue(stream.await("session").getString("address").startsWith(bob.address() + "/"));
            alice.put(presentity(alice) + "/tuples/desk", "{\"status\":\"OPEN\",\"note\":\"over websocket\"}");
            JsonObject presence = stream.await("presence", e -> e.getString("presentity").equals(alice.address()));
            assertEquals("over websocket", presence.getJsonObject("tuple").getString("note"));

            alice.post("/messages", "{\"to\":\"" + bob.address() + "\",\"body\":\"ws message\"}");
            assertEquals("ws message", stream.await("message").getJsonObject("message").getString("body"));
        }
    }

    @Test
    void aWebSocketWithoutAValidTokenIsClosedAsAPolicyViolation() throws Exception {
        try (LiveStreamClient stream = LiveStreamClient.webSocket("forged", null)) {
            assertEquals(1008, stream.awaitClose());
        }
    }

    @Test
    void anXmppContactSeesTheStreamComeAndGoAndChatsWithIt() throws Exception {
        HttpApi alice = HttpApi.newUser("alice");
        XMPPTCPConnection bob = XmppClients.newUser("bob", "conversations");
        try (StanzaCollector messages = bob.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
            Roster roster = Roster.getInstanceFor(bob);
            bob.sendStanza(PresenceBuilder.buildPresence().ofType(Presence.Type.available).build());
            roster.createItemAndRequestSubscription(JidCreate.bareFrom(alice.address()), "Alice", null);
            Eventually.subscriberAppears(alice, bob.getUser().asBareJid().toString());
            alice.put(presentity(alice) + "/subscribers/" + bob.getUser().asBareJid(), null);

            try (LiveStreamClient stream = LiveStreamClient.sse(alice, "resource=web&acks=false")) {
                String session = stream.await("session").getString("id");
                var aliceOnWeb = JidCreate.fullFrom(alice.address() + "/web");
                awaitAvailability(roster, aliceOnWeb, true);

                alice.post("/messages?session=" + session, "{\"to\":\"" + bob.getUser().asBareJid() + "\",\"body\":\"from the stream\"}");
                Message received = messages.nextResult(20_000);
                assertNotNull(received);
                assertEquals(aliceOnWeb, received.getFrom());

                bob.sendStanza(MessageBuilder.buildMessage().to(received.getFrom()).ofType(Message.Type.chat)
                        .setBody("from smack").build());
                assertEquals("from smack", stream.await("message").getJsonObject("message").getString("body"));
            }
            awaitAvailability(roster, JidCreate.fullFrom(alice.address() + "/web"), false);
        } finally {
            bob.disconnect();
        }
    }

    private static void awaitAvailability(Roster roster, org.jxmpp.jid.FullJid who, boolean available)
            throws InterruptedException {
        Eventually.holds(who + " never became " + (available ? "available" : "unavailable"),
                () -> roster.getPresenceResource(who).isAvailable() == available);
    }
}
