package im.parley.presence;

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
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.PresenceBuilder;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.impl.JidCreate;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.time.Instant;
import java.util.Optional;

import static im.parley.testsupport.HttpAssertions.assertProblem;
import static im.parley.testsupport.HttpAssertions.befriend;
import static im.parley.testsupport.HttpAssertions.presentity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Presence over HTTP: fetching as JSON and PIDF, publishing, subscriptions and watcher information. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PresenceApiTest {
    private static final String PIDF = "application/pidf+xml";

    @Deployment(testable = false)
    static EnterpriseArchive parley() {
        return ParleyApplication.asBuilt();
    }

    @Test
    void aPrincipalFetchesItsOwnPresenceAsJsonByDefault() {
        HttpApi alice = HttpApi.newUser("alice");
        publish(alice, "desk", "{\"status\":\"OPEN\",\"otherStatus\":\"AWAY\",\"note\":\"back soon\"}");

        Answer answer = alice.get(presentity(alice));

        assertEquals(200, answer.status(), answer::toString);
        assertTrue(answer.contentType().startsWith("application/json"), answer::toString);
        JsonObject tuple = answer.json().getJsonArray("tuples").getJsonObject(0);
        assertEquals("desk", tuple.getString("tupleKey"));
        assertEquals("OPEN", tuple.getString("status"));
        assertEquals("AWAY", tuple.getString("otherStatus"));
        assertEquals("back soon", tuple.getString("note"));
    }

    @Test
    void aSubscriberFetchesPresenceAsPidfWithOneTuplePerPresenceTuple() throws Exception {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi bob = HttpApi.newUser("bob");
        befriend(bob, alice);
        publish(alice, "phone", "{\"status\":\"OPEN\",\"contact\":\"tel:+15551234567\",\"note\":\"on call\"}");
        publish(alice, "laptop", "{\"status\":\"CLOSED\"}");

        Answer answer = bob.get(presentity(alice), PIDF);

        assertEquals(200, answer.status(), answer::toString);
        assertTrue(answer.contentType().startsWith(PIDF), answer::toString);
        Element presence = xml(answer.body()).getDocumentElement();
        assertEquals("urn:ietf:params:xml:ns:pidf", presence.getNamespaceURI());
        assertEquals("pres:" + alice.address(), presence.getAttribute("entity"));
        var tuples = presence.getElementsByTagNameNS("urn:ietf:params:xml:ns:pidf", "tuple");
        assertEquals(2, tuples.getLength());
        Element phone = (Element) tuples.item(1);
        assertEquals("phone", phone.getAttribute("id"));
        assertEquals("open", text(phone, "basic"));
        assertEquals("tel:+15551234567", text(phone, "contact"));
        assertEquals("on call", text(phone, "note"));
        Instant.parse(text(phone, "timestamp"));
        assertEquals("closed", text((Element) tuples.item(0), "basic"));
    }

    @Test
    void aPidfDocumentIsPublishedWholeAndReadBack() throws Exception {
        HttpApi alice = HttpApi.newUser("alice");
        String document = """
                <?xml version="1.0" encoding="UTF-8"?>
                <presence xmlns="urn:ietf:params:xml:ns:pidf" entity="pres:%s">
                  <tuple id="sip-phone"><status><basic>open</basic></status>
                    <contact>sip:alice@pbx.example.com</contact><note>desk phone</note></tuple>
                  <tuple id="mobile"><status><basic>closed</basic></status></tuple>
                </presence>""".formatted(alice.address());

        Answer published = alice.send(presentity(alice) + "/tuples", "POST", PIDF, document);

        assertEquals(200, published.status(), published::toString);
        Document read = xml(alice.get(presentity(alice), PIDF).body());
        assertEquals("sip:alice@pbx.example.com", text(read.getDocumentElement(), "contact"));
        assertEquals(2, read.getElementsByTagNameNS("urn:ietf:params:xml:ns:pidf", "tuple").getLength());
    }

    @Test
    void aPidfDocumentWithOneBadTuplePublishesNothing() {
        HttpApi alice = HttpApi.newUser("alice");
        String document = """
                <presence xmlns="urn:ietf:params:xml:ns:pidf" entity="pres:%s">
                  <tuple id="good"><status><basic>open</basic></status></tuple>
                  <tuple id="bad"><status><basic>maybe</basic></status></tuple>
                </presence>""".formatted(alice.address());

        Answer answer = alice.send(presentity(alice) + "/tuples", "POST", PIDF, document);

        assertProblem(400, answer);
        assertEquals(0, alice.get(presentity(alice)).json().getJsonArray("tuples").size());
    }

    @Test
    void aPidfDocumentWithADoctypeIsRefused() {
        HttpApi alice = HttpApi.newUser("alice");
        String bomb = """
                <?xml version="1.0"?>
                <!DOCTYPE presence [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
                <presence xmlns="urn:ietf:params:xml:ns:pidf" entity="pres:x">
                  <tuple id="t"><status><basic>open</basic></status><note>&b;</note></tuple>
                </presence>""";

        assertProblem(400, alice.send(presentity(alice) + "/tuples", "POST", PIDF, bomb));
        assertEquals(0, alice.get(presentity(alice)).json().getJsonArray("tuples").size());
    }

    @Test
    void aSharedPresentityIsPublishedByEachOfItsControllers() {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi bob = HttpApi.newUser("bob");
        String support = "support-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@" + HttpApi.DOMAIN;

        assertEquals(201, alice.post("/presentities", "{\"address\":\"" + support + "\"}").status());
        assertEquals(204, alice.put("/presentities/" + support + "/controllers/" + bob.address(), null).status());
        Answer published = bob.put("/presentities/" + support + "/tuples/desk-2", "{\"status\":\"OPEN\",\"note\":\"Bob answers\"}");

        assertEquals(200, published.status(), published::toString);
        assertEquals("Bob answers", alice.get("/presentities/" + support).json().getJsonArray("tuples")
                .getJsonObject(0).getString("note"));
        assertProblem(409, alice.post("/presentities", "{\"address\":\"" + support + "\"}"));
    }

    @Test
    void aStrangerMayNotFetchPresence() {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi mallory = HttpApi.newUser("mallory");

        assertProblem(403, mallory.get(presentity(alice)));
    }

    @Test
    void nobodyPublishesIntoAnotherPrincipalsPresentity() {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi mallory = HttpApi.newUser("mallory");

        Answer answer = mallory.put(presentity(alice) + "/tuples/fake", "{\"status\":\"OPEN\"}");

        assertProblem(403, answer);
        assertEquals(0, alice.get(presentity(alice)).json().getJsonArray("tuples").size());
    }

    @Test
    void anUnknownPresentityIsNotFound() {
        HttpApi alice = HttpApi.newUser("alice");

        assertProblem(404, alice.get("/presentities/nobody-" + System.nanoTime() + "@" + HttpApi.DOMAIN));
    }

    @Test
    void aTupleWithAnInvalidPriorityChangesNothing() {
        HttpApi alice = HttpApi.newUser("alice");
        publish(alice, "desk", "{\"status\":\"OPEN\",\"note\":\"first\"}");

        assertProblem(400, alice.put(presentity(alice) + "/tuples/desk", "{\"status\":\"OPEN\",\"priority\":500}"));
        assertEquals("first", alice.get(presentity(alice)).json().getJsonArray("tuples").getJsonObject(0).getString("note"));
    }

    @Test
    void aWithdrawnTupleIsGone() {
        HttpApi alice = HttpApi.newUser("alice");
        publish(alice, "desk", "{\"status\":\"OPEN\"}");

        assertEquals(204, alice.delete(presentity(alice) + "/tuples/desk").status());
        assertEquals(0, alice.get(presentity(alice)).json().getJsonArray("tuples").size());
        assertProblem(404, alice.delete(presentity(alice) + "/tuples/desk"));
    }

    @Test
    void aSubscriptionIsPendingUntilThePresentityApprovesIt() {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi bob = HttpApi.newUser("bob");

        Answer requested = bob.post("/subscriptions", "{\"presentity\":\"" + alice.address() + "\"}");
        assertEquals(201, requested.status(), requested::toString);
        assertEquals("PENDING", requested.json().getString("state"));
        assertEquals("PENDING", alice.get(presentity(alice) + "/subscribers").array().getJsonObject(0).getString("state"));

        Answer approved = alice.put(presentity(alice) + "/subscribers/" + bob.address(), null);
        assertEquals("ACTIVE", approved.json().getString("state"));
        assertEquals("ACTIVE", bob.get("/subscriptions/" + alice.address()).json().getString("state"));
    }

    @Test
    void aSubscriptionMayCarryAnExpiry() {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi bob = HttpApi.newUser("bob");
        Instant expiry = Instant.now().plusSeconds(3600);

        Answer requested = bob.post("/subscriptions",
                "{\"presentity\":\"" + alice.address() + "\",\"expiresAt\":\"" + expiry + "\"}");

        assertEquals(201, requested.status(), requested::toString);
        assertEquals(expiry, Instant.parse(requested.json().getString("expiresAt")));
    }

    @Test
    void aSubscriptionThatWouldExpireInThePastIsRefused() {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi bob = HttpApi.newUser("bob");

        Answer answer = bob.post("/subscriptions",
                "{\"presentity\":\"" + alice.address() + "\",\"expiresAt\":\"2001-01-01T00:00:00Z\"}");

        assertProblem(400, answer);
        assertEquals(0, bob.get("/subscriptions").array().size());
    }

    @Test
    void aCancelledSubscriptionNoLongerShowsPresence() {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi bob = HttpApi.newUser("bob");
        befriend(bob, alice);

        assertEquals(204, bob.delete("/subscriptions/" + alice.address()).status());

        assertProblem(403, bob.get(presentity(alice)));
    }

    @Test
    void fetchesAreWatcherInformationAndRegularFetchesArePolls() {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi bob = HttpApi.newUser("bob");
        alice.put("/rules/access", "{\"scope\":\"ADDRESS\",\"pattern\":\"" + bob.address() + "\",\"action\":\"ALLOW\"}");

        bob.get(presentity(alice));
        JsonObject once = alice.get(presentity(alice) + "/watchers").array().getJsonObject(0);
        assertEquals(bob.address(), once.getString("watcher"));
        assertEquals("FETCH", once.getString("kind"));
        assertEquals("http", once.getString("protocol"));

        bob.get(presentity(alice));
        bob.get(presentity(alice));
        assertEquals("POLL", alice.get(presentity(alice) + "/watchers").array().getJsonObject(0).getString("kind"));
    }

    @Test
    void nobodyReadsAnotherPrincipalsWatchers() {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi mallory = HttpApi.newUser("mallory");

        assertProblem(403, mallory.get(presentity(alice) + "/watchers"));
        assertProblem(403, mallory.get(presentity(alice) + "/subscribers"));
    }

    @Test
    void presencePublishedOverHttpReachesAnXmppSubscriber() throws Exception {
        HttpApi alice = HttpApi.newUser("alice");
        XMPPTCPConnection bob = XmppClients.newUser("bob", "pidgin");
        try {
            Roster roster = Roster.getInstanceFor(bob);
            bob.sendStanza(PresenceBuilder.buildPresence().ofType(Presence.Type.available).build());
            roster.createItemAndRequestSubscription(JidCreate.bareFrom(alice.address()), "Alice", null);
            Eventually.subscriberAppears(alice, bob.getUser().asBareJid().toString());
            alice.put(presentity(alice) + "/subscribers/" + bob.getUser().asBareJid(), null);

            publish(alice, "phone", "{\"status\":\"OPEN\",\"otherStatus\":\"DND\",\"note\":\"in a meeting\"}");

            Presence seen = awaitPresence(roster, alice.address() + "/phone");
            assertEquals(Presence.Mode.dnd, seen.getMode());
            assertEquals("in a meeting", seen.getStatus());
        } finally {
            bob.disconnect();
        }
    }

    @Test
    void presenceOfAnXmppClientIsFetchedOverHttp() throws Exception {
        HttpApi alice = HttpApi.newUser("alice");
        XMPPTCPConnection bob = XmppClients.newUser("bob", "gajim");
        try {
            String bobAddress = bob.getUser().asBareJid().toString();
            Roster.getInstanceFor(bob).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
            bob.sendStanza(PresenceBuilder.buildPresence().ofType(Presence.Type.available).build());
            alice.post("/subscriptions", "{\"presentity\":\"" + bobAddress + "\"}");
            Eventually.holds("The subscription to " + bobAddress + " was never approved", () -> {
                Answer answer = alice.get("/subscriptions/" + bobAddress);
                return answer.status() == 200 && "ACTIVE".equals(answer.json().getString("state"));
            });
            bob.sendStanza(PresenceBuilder.buildPresence().ofType(Presence.Type.available)
                    .setMode(Presence.Mode.away).setStatus("walking the dog").build());

            JsonObject tuple = awaitTuple(alice, bobAddress, "gajim");
            assertEquals("AWAY", tuple.getString("otherStatus"));
            assertEquals("walking the dog", tuple.getString("note"));
        } finally {
            bob.disconnect();
        }
    }

    // ---- helpers -------------------------------------------------------------------------

    static void publish(HttpApi principal, String key, String tuple) {
        Answer answer = principal.put(presentity(principal) + "/tuples/" + key, tuple);
        assertEquals(200, answer.status(), answer::toString);
    }

    private static JsonObject awaitTuple(HttpApi watcher, String presentity, String key) throws InterruptedException {
        return Eventually.found("No tuple " + key + " of " + presentity, () -> {
            Answer answer = watcher.get("/presentities/" + presentity);
            return answer.status() != 200 ? Optional.empty() : answer.json().getJsonArray("tuples")
                    .getValuesAs(JsonObject.class).stream()
                    .filter(tuple -> tuple.getString("tupleKey").equals(key) && tuple.containsKey("otherStatus"))
                    .findFirst();
        });
    }

    private static Presence awaitPresence(Roster roster, String fullAddress) throws Exception {
        var jid = JidCreate.fullFrom(fullAddress);
        return Eventually.found("No presence from " + fullAddress, () -> Optional.of(roster.getPresenceResource(jid))
                .filter(presence -> presence.isAvailable() && presence.getMode() != Presence.Mode.available));
    }

    private static Document xml(String text) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(text)));
    }

    private static String text(Element parent, String name) {
        return parent.getElementsByTagNameNS("urn:ietf:params:xml:ns:pidf", name).item(0).getTextContent();
    }
}
