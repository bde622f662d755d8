package im.parley.messaging;

import im.parley.testsupport.Eventually;
import im.parley.testsupport.HttpApi;
import im.parley.testsupport.HttpApi.Answer;
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
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.impl.JidCreate;

import java.util.List;

import static im.parley.testsupport.HttpAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Instant messages over HTTP: sending, the inbox, the archive, and XMPP users on the other side. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MessageApiTest {

    @Deployment(testable = false)
    static EnterpriseArchive parley() {
        return ParleyApplication.asBuilt();
    }

    @Test
    void aMessageToAClosedInboxWaitsThereUntilAcknowledged() {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi bob = HttpApi.newUser("bob");

        Answer sent = alice.post("/messages", message(bob, "are you there?"));

        assertEquals(202, sent.status(), sent::toString);
        assertEquals("STORED", sent.json().getString("state"));
        JsonObject waiting = bob.get("/inbox").array().getJsonObject(0);
        assertEquals("are you there?", waiting.getString("body"));
        assertEquals(alice.address(), waiting.getString("sender"));

        assertEquals(204, bob.delete("/inbox/" + waiting.getString("id")).status());
        assertEquals(0, bob.get("/inbox").array().size());
        assertEquals(1, bob.get("/messages?with=" + alice.address()).json().getJsonArray("messages").size());
    }

    @Test
    void nobodyAcknowledgesAnotherPrincipalsMessage() {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi bob = HttpApi.newUser("bob");
        String id = alice.post("/messages", message(bob, "for bob only")).json().getString("messageId");

        assertProblem(404, alice.delete("/inbox/" + id));
        assertEquals(1, bob.get("/inbox").array().size());
    }

    @Test
    void aMessageSentOverHttpReachesAnXmppClient() throws Exception {
        HttpApi alice = HttpApi.newUser("alice");
        XMPPTCPConnection bob = XmppClients.newUser("bob", "phone");
        try (StanzaCollector messages = bob.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
            bob.sendStanza(PresenceBuilder.buildPresence().ofType(Presence.Type.available).build());
            HttpApi bobOverHttp = HttpApi.as(bob.getUser().asBareJid().toString(), XmppClients.PASSWORD);
            awaitOpenSession(bobOverHttp);

            Answer sent = alice.post("/messages", "{\"to\":\"" + bob.getUser().asBareJid() + "\",\"body\":\"hi from http\"}");

            assertEquals("DELIVERED", sent.json().getString("state"), sent::toString);
            Message received = messages.nextResult(20_000);
            assertNotNull(received, "the XMPP client got nothing");
            assertEquals("hi from http", received.getBody());
            assertEquals(alice.address(), received.getFrom().asBareJid().toString());
            assertEquals(Message.Type.chat, received.getType());
        } finally {
            bob.disconnect();
        }
    }

    @Test
    void aMessageFromAnXmppClientWaitsInTheInboxOfAnHttpUser() throws Exception {
        HttpApi alice = HttpApi.newUser("alice");
        XMPPTCPConnection bob = XmppClients.newUser("bob", "phone");
        try {
            bob.sendStanza(MessageBuilder.buildMessage().to(JidCreate.entityBareFrom(alice.address()))
                    .ofType(Message.Type.chat).setBody("hello from xmpp").build());

            JsonObject waiting = Eventually.inboxMessage(alice);
            assertEquals("hello from xmpp", waiting.getString("body"));
            assertEquals(bob.getUser().asBareJid().toString(), waiting.getString("sender").split("/")[0]);
        } finally {
            bob.disconnect();
        }
    }

    @Test
    void theArchiveIsPagedNewestPageFirst() {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi bob = HttpApi.newUser("bob");
        for (int i = 1; i <= 5; i++) {
            alice.post("/messages", message(bob, "message " + i));
        }

        JsonObject newest = alice.get("/messages?with=" + bob.address() + "&max=2").json();
        List<String> bodies = bodies(newest);
        assertEquals(List.of("message 4", "message 5"), bodies);
        assertFalse(newest.getBoolean("complete"));

        String oldestShown = newest.getJsonArray("messages").getJsonObject(0).getString("id");
        JsonObject older = alice.get("/messages?with=" + bob.address() + "&max=3&before=" + oldestShown).json();
        assertEquals(List.of("message 1", "message 2", "message 3"), bodies(older));
        assertTrue(older.getBoolean("complete"));
    }

    @Test
    void aPageLargerThanAllowedIsRefused() {
        HttpApi alice = HttpApi.newUser("alice");

        assertProblem(400, alice.get("/messages?max=5000"));
    }

    @Test
    void aMessageWithoutRecipientIsRefused() {
        HttpApi alice = HttpApi.newUser("alice");

        assertProblem(400, alice.post("/messages", "{\"body\":\"to whom?\"}"));
        assertEquals(0, alice.get("/messages").json().getJsonArray("messages").size());
    }

    @Test
    void aMessageToAnUnknownPrincipalIsNotFound() {
        HttpApi alice = HttpApi.newUser("alice");

        assertProblem(404, alice.post("/messages",
                "{\"to\":\"nobody-" + System.nanoTime() + "@" + HttpApi.DOMAIN + "\",\"body\":\"hello?\"}"));
    }

    @Test
    void aMessageToAnotherDomainIsRefused() {
        HttpApi alice = HttpApi.newUser("alice");

        assertProblem(403, alice.post("/messages", "{\"to\":\"someone@elsewhere.example\",\"body\":\"hello?\"}"));
    }

    @Test
    void anOversizedMessageIsRefusedAndNothingIsStored() {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi bob = HttpApi.newUser("bob");

        Answer answer = alice.post("/messages", message(bob, "x".repeat(300_000)));

        assertProblem(413, answer);
        assertEquals(0, bob.get("/inbox").array().size());
    }

    private static String message(HttpApi recipient, String body) {
        return "{\"to\":\"" + recipient.address() + "\",\"body\":\"" + body + "\"}";
    }

    private static List<String> bodies(JsonObject page) {
        return page.getJsonArray("messages").getValuesAs(JsonObject.class).stream()
                .map(m -> m.getString("body")).toList();
    }

    /** An XMPP client's initial presence is handled asynchronously; wait until it is published. */
    private static void awaitOpenSession(HttpApi principal) throws InterruptedException {
        Eventually.holds(principal.address() + " never became available", () -> {
            Answer presence = principal.get("/presentities/" + principal.address());
            return presence.status() == 200 && !presence.json().getJsonArray("tuples").isEmpty();
        });
    }
}
