package im.parley.xmpp;

import im.parley.testsupport.Eventually;
import im.parley.testsupport.Fixtures;
import im.parley.testsupport.HttpApi;
import im.parley.testsupport.ParleyApplication;
import im.parley.testsupport.RawXmppClient;
import im.parley.testsupport.XmppClients;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input on the wire gets RFC 6120's error and harms no one else. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class XmppStreamTest {
    private static final String STREAM_ERRORS = "urn:ietf:params:xml:ns:xmpp-streams";

    @Deployment(testable = false)
    static EnterpriseArchive parley() {
        return ParleyApplication.asBuilt();
    }

    private static void assertStreamError(RawXmppClient client, String condition) throws Exception {
        String received = client.readUntil("</stream:stream>");
        assertTrue(received.contains("<" + condition + " xmlns='" + STREAM_ERRORS + "'"),
                "expected " + condition + " in: " + received);
        assertTrue(client.closedByServer(), "the server did not close the stream");
    }

    @Test
    void theServerOffersStartTlsAsRequired() throws Exception {
        try (RawXmppClient client = new RawXmppClient()) {
            String features = client.send(RawXmppClient.HEADER).readUntil("</stream:features>");

            assertTrue(features.contains("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"));
            assertTrue(features.contains("from='" + XmppClients.DOMAIN + "'"));
        }
    }

    @Test
    void anXmlBombIsRefusedAsRestrictedXml() throws Exception {
        try (RawXmppClient client = new RawXmppClient()) {
            client.send("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>"
                    + "<!ENTITY lol2 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>]>"
                    + "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
                    + " to='" + XmppClients.DOMAIN + "' version='1.0'>&lol2;");

            assertStreamError(client, "restricted-xml");
        }
    }

    @Test
    void malformedXmlEndsTheStreamAsNotWellFormed() throws Exception {
        try (RawXmppClient client = new RawXmppClient()) {
            client.send(RawXmppClient.HEADER).readUntil("</stream:features>");

            client.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'></message>");

            assertStreamError(client, "not-well-formed");
        }
    }

    @Test
    void anUnknownDomainIsHostUnknown() throws Exception {
        try (RawXmppClient client = new RawXmppClient()) {
            client.send(RawXmppClient.HEADER.replace("to='" + XmppClients.DOMAIN + "'", "to='elsewhere.example'"));

            assertStreamError(client, "host-unknown");
        }
    }

    @Test
    void aStanzaBeforeTlsIsAPolicyViolation() throws Exception {
        try (RawXmppClient client = new RawXmppClient()) {
            client.send(RawXmppClient.HEADER).readUntil("</stream:features>");

            client.send("<message to='someone@" + XmppClients.DOMAIN + "'><body>hi</body></message>");

            assertStreamError(client, "policy-violation");
        }
    }

    @Test
    void aStanzaBeforeAuthenticationIsNotAuthorized() throws Exception {
        try (RawXmppClient client = new RawXmppClient()) {
            client.secure();

            client.send("<message to='someone@" + XmppClients.DOMAIN + "'><body>hi</body></message>");

            assertStreamError(client, "not-authorized");
        }
    }

    @Test
    void anOversizedStanzaIsAPolicyViolation() throws Exception {
        try (RawXmppClient client = new RawXmppClient()) {
            client.secure();

            client.send("<message to='someone@" + XmppClients.DOMAIN + "'><body>" + "x".repeat(300_000) + "</body></message>");

            String received = client.readUntil("</stream:stream>");
            assertTrue(received.contains("<policy-violation xmlns='" + STREAM_ERRORS + "'/>"), received);
            assertTrue(received.contains("larger than"), received);
        }
    }

    @Test
    void aWrongPasswordFailsAuthenticationAndTheStreamStaysOpen() throws Exception {
        String user = newRawUser("alice");
        try (RawXmppClient client = new RawXmppClient()) {
            client.secure();
            String plain = Base64.getEncoder().encodeToString(("\u0000" + user + "\u0000wrong").getBytes(StandardCharsets.UTF_8));

            client.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain + "</auth>");
            String failure = client.readUntil("</failure>");
            assertTrue(failure.contains("<not-authorized/>"), failure);

            String right = Base64.getEncoder().encodeToString(("\u0000" + user + "\u0000" + XmppClients.PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
            client.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + right + "</auth>");
            assertTrue(client.readUntil("<success").contains("<success"));
        }
    }

    @Test
    void scramSha256ProvesThePasswordToTheServerAndTheServerToTheClient() throws Exception {
        String user = newRawUser("alice");
        try (RawXmppClient client = new RawXmppClient()) {
            String features = client.secure().readUntil("</stream:features>");
            assertTrue(features.contains("<mechanism>SCRAM-SHA-256</mechanism>"), features);
            ScramSha256Client scram = new ScramSha256Client(user, XmppClients.PASSWORD);

            client.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-256'>"
                    + scram.clientFirst() + "</auth>");
            String challenge = between(client.readUntil("</challenge>"), "<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>", "</challenge>");
            client.forget();
            client.send("<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" + scram.clientFinal(challenge) + "</response>");
            String success = between(client.readUntil("</success>"), "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>", "</success>");

            assertTrue(scram.serverIsGenuine(success), "the server's signature does not verify");
        }
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertTrue(from >= 0, text);
        return text.substring(from + start.length(), text.indexOf(end, from + start.length()));
    }

    @Test
    void repeatedFailedAuthenticationEndsTheStream() throws Exception {
        try (RawXmppClient client = new RawXmppClient()) {
            client.secure();
            String wrong = Base64.getEncoder().encodeToString("\u0000nobody\u0000guess".getBytes(StandardCharsets.UTF_8));

            for (int i = 0; i < 3; i++) {
                client.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + wrong + "</auth>");
            }

            assertStreamError(client, "policy-violation");
        }
    }

    @Test
    void anUnchangedRosterIsNotSentAgainAndAChangeCarriesItsNewVersion() throws Exception {
        String user = newRawUser("alice");
        try (RawXmppClient client = new RawXmppClient()) {
            String features = client.signIn(user, XmppClients.PASSWORD, "raw");
            assertTrue(features.contains("urn:xmpp:features:rosterver"), features);

            client.send("<iq type='get' id='r1'><query xmlns='jabber:iq:roster' ver=''/></iq>");
            String full = client.readUntil("</iq>");
            String version = between(full, "ver='", "'");
            client.forget();
            client.send("<iq type='get' id='r2'><query xmlns='jabber:iq:roster' ver='" + version + "'/></iq>");
            String unchanged = client.readUntil("id='r2'");
            client.readUntil("/>");
            client.forget();
            client.send("<iq type='set' id='r3'><query xmlns='jabber:iq:roster'><item jid='someone@"
                    + XmppClients.DOMAIN + "'/></query></iq>");
            String push = client.readUntil("</query></iq>");

            assertTrue(unchanged.contains("<iq type='result' id='r2'") && !unchanged.contains("<query"), unchanged);
            String newVersion = between(push, "ver='", "'");
            assertTrue(!newVersion.equals(version), push);
        }
    }

    /** RFC 6121 section 2.3.2: a client that goes on at the result already has the push. */
    @Test
    void aRosterSetIsPushedToTheAskingResourceBeforeItIsAnswered() throws Exception {
        String user = newRawUser("alice");
        try (RawXmppClient client = new RawXmppClient()) {
            client.signIn(user, XmppClients.PASSWORD, "raw");
            client.send("<iq type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq>");
            client.readUntil("id='r1'");
            client.readUntil("</iq>");
            client.forget();

            client.send("<iq type='set' id='r2'><query xmlns='jabber:iq:roster'><item jid='someone@"
                    + XmppClients.DOMAIN + "'/></query></iq>");
            String received = client.readUntil("id='r2'");

            int push = received.indexOf("jid='someone@" + XmppClients.DOMAIN + "'");
            assertTrue(push >= 0 && push < received.indexOf("id='r2'"), received);
        }
    }

    /**
     * RFC 6121 section 3.1.5: the contact's resources get the roster push of an approval
     * before the user hears of it, so what the user sends on hearing of it (here an IQ to the
     * contact) reaches a contact's client that already counts the user as a subscriber.
     */
    @Test
    void anApprovalIsPushedToTheContactBeforeTheUserCanActOnIt() throws Exception {
        String alice = newRawUser("alice");
        String bob = newRawUser("bob");
        try (RawXmppClient contact = new RawXmppClient(); RawXmppClient user = new RawXmppClient()) {
            signInAvailable(contact, alice);
            signInAvailable(user, bob);
            user.send("<presence type='subscribe' to='" + alice + "@" + XmppClients.DOMAIN + "'/>");
            contact.readUntil("type='subscribe'");
            contact.forget();

            contact.send("<presence type='subscribed' to='" + bob + "@" + XmppClients.DOMAIN + "'/>");
            user.readUntil("type='subscribed'");
            user.send("<iq type='get' id='p1' to='" + alice + "@" + XmppClients.DOMAIN + "/raw'>"
                    + "<ping xmlns='urn:xmpp:ping'/></iq>");
            String received = contact.readUntil("id='p1'");

            int push = received.indexOf("subscription='from'");
            assertTrue(push >= 0 && push < received.indexOf("id='p1'"), received);
        }
    }

    /** An approval made over HTTP changes the contact's roster item; its XMPP client gets the push. */
    @Test
    void anApprovalOverHttpIsPushedToTheContactsXmppClient() throws Exception {
        HttpApi alice = HttpApi.newUser("alice");
        String bob = newRawUser("bob");
        String bobAddress = bob + "@" + XmppClients.DOMAIN;
        try (RawXmppClient contact = new RawXmppClient(); RawXmppClient user = new RawXmppClient()) {
            contact.signIn(alice.address().substring(0, alice.address().indexOf('@')), HttpApi.PASSWORD, "raw");
            contact.send("<iq type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq><presence/>");
            contact.readUntil("id='r1'");
            contact.send("<iq type='set' id='r2'><query xmlns='jabber:iq:roster'><item jid='" + bobAddress
                    + "'/></query></iq>");
            contact.readUntil("id='r2'");
            signInAvailable(user, bob);
            user.send("<presence type='subscribe' to='" + alice.address() + "'/>");
            contact.readUntil("type='subscribe'");
            contact.forget();

            assertEquals(200, alice.put("/presentities/" + alice.address() + "/subscribers/" + bobAddress, "").status());

            assertTrue(contact.readUntil("subscription='from'").contains("subscription='from'"));
        }
    }

    /**
     * XEP-0198: a message handed to a client that confirms what it receives stays in the
     * inbox until the client confirms it, so a node that dies before then loses nothing. The
     * server asks for the confirmation itself.
     */
    @Test
    void aMessageStaysInTheInboxUntilTheClientConfirmsIt() throws Exception {
        String alice = newRawUser("alice");
        String bob = newRawUser("bob");
        HttpApi bobOverHttp = HttpApi.as(bob + "@" + XmppClients.DOMAIN, XmppClients.PASSWORD);
        try (RawXmppClient aliceClient = new RawXmppClient(); RawXmppClient bobClient = new RawXmppClient()) {
            signInAvailable(bobClient, bob);
            enableStreamManagement(bobClient);
            bobClient.forget();
            signInAvailable(aliceClient, alice);

            aliceClient.send("<message type='chat' to='" + bob + "@" + XmppClients.DOMAIN
                    + "'><body>confirm me</body></message>");

            String received = bobClient.readUntil("<r xmlns='urn:xmpp:sm:3'/>");
            assertTrue(received.contains("<body>confirm me</body>"), received);
            assertEquals("confirm me", bobOverHttp.get("/inbox").array().getJsonObject(0).getString("body"),
                    "the inbox let go of a message its recipient had not confirmed");

            bobClient.send("<a xmlns='urn:xmpp:sm:3' h='1'/>");

            Eventually.holds("the inbox still holds a message its recipient confirmed",
                    () -> bobOverHttp.get("/inbox").array().isEmpty());
        }
    }

    /**
     * A message handed to a session before its initial presence stays in the inbox until the
     * client confirms it (XEP-0198); the inbox opening at that presence (XEP-0160) must not
     * hand it to the same session a second time.
     */
    @Test
    void aMessageHandedToASessionBeforeItsInitialPresenceIsNotRepeatedWhenItsInboxOpens() throws Exception {
        String alice = newRawUser("alice");
        String bob = newRawUser("bob");
        try (RawXmppClient aliceClient = new RawXmppClient(); RawXmppClient bobClient = new RawXmppClient()) {
            bobClient.signIn(bob, XmppClients.PASSWORD, "raw");
            enableStreamManagement(bobClient);
            bobClient.forget();
            signInAvailable(aliceClient, alice);
            aliceClient.send("<message type='chat' to='" + bob + "@" + XmppClients.DOMAIN
                    + "/raw'><body>only once</body></message>");
            assertTrue(bobClient.readUntil("<r xmlns='urn:xmpp:sm:3'/>").contains("<body>only once</body>"));
            bobClient.forget();

            bobClient.send("<presence/><iq type='get' id='after'><ping xmlns='urn:xmpp:ping'/></iq>");

            String afterPresence = bobClient.readUntil("id='after'");
            assertTrue(afterPresence.contains("id='after'"), afterPresence);
            assertFalse(afterPresence.contains("only once"), "the message came twice: " + afterPresence);
        }
    }

    /**
     * A message from the offline store (XEP-0160) that the client never confirmed (XEP-0198)
     * waits for the next sign-in again when the connection drops.
     */
    @Test
    void anOfflineMessageTheClientNeverConfirmedWaitsForTheNextSignIn() throws Exception {
        String alice = newRawUser("alice");
        String bob = newRawUser("bob");
        try (RawXmppClient aliceClient = new RawXmppClient()) {
            signInAvailable(aliceClient, alice);
            aliceClient.send("<message type='chat' id='m1' to='" + bob + "@" + XmppClients.DOMAIN
                    + "'><body>kept for you</body></message><iq type='get' id='after'><ping xmlns='urn:xmpp:ping'/></iq>");
            aliceClient.readUntil("id='after'");
        }
        try (RawXmppClient bobClient = new RawXmppClient()) {
            bobClient.signIn(bob, XmppClients.PASSWORD, "raw");
            bobClient.send("<enable xmlns='urn:xmpp:sm:3'/><presence/>");
            assertTrue(bobClient.readUntil("</message>").contains("<body>kept for you</body>"));
        } // dropped without a word: the session ends, nothing confirmed

        try (RawXmppClient bobAgain = new RawXmppClient()) {
            bobAgain.signIn(bob, XmppClients.PASSWORD, "raw");
            bobAgain.send("<presence/>");
            assertTrue(bobAgain.readUntil("</message>").contains("<body>kept for you</body>"),
                    "the unconfirmed message was lost with the connection");
        }
    }

    /**
     * XEP-0198 section 5: a client may resume before the server has noticed that its old
     * connection is gone. The old connection is closed as replaced, the session goes on on the
     * new one with the count of what the old one handled, and what is sent to it arrives there.
     */
    @Test
    void aSessionIsResumedBeforeTheServerNoticedItsOldConnectionWasGone() throws Exception {
        String alice = newRawUser("alice");
        String bob = newRawUser("bob");
        try (RawXmppClient old = new RawXmppClient(); RawXmppClient resumed = new RawXmppClient();
             RawXmppClient aliceClient = new RawXmppClient()) {
            signInAvailable(old, bob);
            old.forget();
            String id = enableResumption(old);
            old.send("<iq type='get' id='handled'><ping xmlns='urn:xmpp:ping'/></iq>");
            old.readUntil("id='handled'");

            resumed.authenticate(bob, XmppClients.PASSWORD);
            resumed.forget();
            resumed.send("<resume xmlns='urn:xmpp:sm:3' previd='" + id + "' h='0'/>");

            String answer = resumed.readUntil("<resumed");
            assertTrue(answer.contains("<resumed xmlns='urn:xmpp:sm:3' previd='" + id + "' h='1'/>"), answer);
            String replaced = old.readUntil("</stream:stream>");
            assertTrue(replaced.contains("<conflict xmlns='" + STREAM_ERRORS + "'/>"), replaced);
            signInAvailable(aliceClient, alice);
            aliceClient.send("<message type='chat' to='" + bob + "@" + XmppClients.DOMAIN
                    + "/raw'><body>to the resumed session</body></message>");
            assertTrue(resumed.readUntil("</body>").contains("<body>to the resumed session</body>"));
        }
    }

    /**
     * XEP-0198 section 5: a session resumed and dropped again waits its full time anew (the
     * test server lets a dropped session wait 4 s), not only what was left of the first wait.
     */
    @Test
    void aSessionResumedAndDroppedAgainWaitsItsFullTimeAgain() throws Exception {
        String bob = newRawUser("bob");
        String id;
        try (RawXmppClient first = new RawXmppClient()) {
            signInAvailable(first, bob);
            first.forget();
            id = enableResumption(first);
        }
        Thread.sleep(3_000);
        try (RawXmppClient second = new RawXmppClient()) {
            second.authenticate(bob, XmppClients.PASSWORD);
            second.send("<resume xmlns='urn:xmpp:sm:3' previd='" + id + "' h='0'/>");
            assertTrue(second.readUntil("<resumed").contains("<resumed"), "the first resumption failed");
        }
        Thread.sleep(3_000); // 6 s after the first drop, 3 s after the second

        try (RawXmppClient third = new RawXmppClient()) {
            third.authenticate(bob, XmppClients.PASSWORD);
            third.send("<resume xmlns='urn:xmpp:sm:3' previd='" + id + "' h='0'/>");
            String answer = third.readUntil("<resumed");
            assertTrue(answer.contains("<resumed"), "the session ended on its first wait's clock: " + answer);
        }
    }

    /** XEP-0198 section 4: acknowledging more stanzas than the server sent ends the stream. */
    @Test
    void anAcknowledgementOfMoreThanWasSentEndsTheStream() throws Exception {
        String bob = newRawUser("bob");
        try (RawXmppClient client = new RawXmppClient()) {
            signInAvailable(client, bob);
            enableStreamManagement(client);

            client.send("<a xmlns='urn:xmpp:sm:3' h='5'/>");

            String error = client.readUntil("</stream:stream>");
            assertTrue(error.contains("<undefined-condition xmlns='" + STREAM_ERRORS + "'/>")
                    && error.contains("<handled-count-too-high xmlns='urn:xmpp:sm:3' h='5' send-count='0'/>"), error);
        }
    }

    /** XEP-0198 section 4: 'h' is an unsigned 32-bit count; anything else is a malformed stream. */
    @Test
    void anAcknowledgementWhoseCountIsNoNumberEndsTheStream() throws Exception {
        String bob = newRawUser("bob");
        try (RawXmppClient client = new RawXmppClient()) {
            signInAvailable(client, bob);
            enableStreamManagement(client);

            client.send("<a xmlns='urn:xmpp:sm:3' h='-1'/>");

            assertStreamError(client, "bad-format");
        }
    }

    /** A new account (made by Smack, which then leaves), for a raw client to use: its local part. */
    private static String newRawUser(String name) throws Exception {
        XMPPTCPConnection connection = XmppClients.newUser(name, "setup");
        String user = connection.getUser().getLocalpart().toString();
        connection.disconnect();
        return user;
    }

    /** XEP-0198: the client enables stream management (without resumption) and waits until it is on. */
    private static void enableStreamManagement(RawXmppClient client) throws Exception {
        client.send("<enable xmlns='urn:xmpp:sm:3'/>");
        client.readUntil("<enabled");
    }

    /** XEP-0198: the client enables stream management with resumption; returns the stream's id. */
    private static String enableResumption(RawXmppClient client) throws Exception {
        client.send("<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
        String answer = client.readUntil("max=");
        Matcher enabled = Pattern.compile("<enabled [^>]*id='([^']+)'").matcher(answer);
        assertTrue(enabled.find(), answer);
        return enabled.group(1);
    }

    /** Signs in as an interested, available resource (RFC 6121: roster requested, initial presence sent). */
    private static void signInAvailable(RawXmppClient client, String user) throws Exception {
        client.signIn(user, XmppClients.PASSWORD, "raw");
        client.send("<iq type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq><presence/>");
        client.readUntil("id='r1'");
    }

    @Test
    void aFloodOfConnectionsIsRefusedWhileSignedInUsersCarryOn() throws Exception {
        XMPPTCPConnection alice = XmppClients.newUser("alice", "laptop");
        java.util.List<RawXmppClient> flood = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) { // the test server lets one address hold 20 connections before sign-in
                RawXmppClient client = new RawXmppClient();
                client.send(RawXmppClient.HEADER).readUntil("</stream:features>");
                flood.add(client);
            }
            try (RawXmppClient oneTooMany = new RawXmppClient()) {
                oneTooMany.send(RawXmppClient.HEADER);
                assertStreamError(oneTooMany, "policy-violation");
            }
            assertTrue(PingManager.getInstanceFor(alice).pingMyServer());
        } finally {
            for (RawXmppClient client : flood) {
                client.close();
            }
            alice.disconnect();
            awaitAdmission(); // the closed connections are counted down before the next test connects
        }
    }

    private static void awaitAdmission() throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            try (RawXmppClient probe = new RawXmppClient()) {
                if (probe.send(RawXmppClient.HEADER).readUntil("</stream:features>").contains("starttls")) {
                    return;
                }
            }
            Thread.sleep(100);
        }
    }

    @Test
    void oneBrokenStreamDoesNotDisturbOtherSessions() throws Exception {
        XMPPTCPConnection alice = XmppClients.newUser("alice", "laptop");
        try (RawXmppClient client = new RawXmppClient()) {
            client.send(RawXmppClient.HEADER + "<<<");
            assertStreamError(client, "not-well-formed");
        }

        assertTrue(PingManager.getInstanceFor(alice).pingMyServer());
        alice.disconnect();
    }

    /**
     * A client's messages are handed on before the one before them is recorded (they share
     * group commits), yet they arrive in the order written (RFC 6120 section 10.1) and
     * XEP-0198 counts them handled only once all of them are recorded.
     */
    @Test
    void messagesWrittenBackToBackArriveInOrderAndAreCountedOnceRecorded() throws Exception {
        String alice = newRawUser("alice");
        String bob = newRawUser("bob");
        try (RawXmppClient aliceClient = new RawXmppClient(); RawXmppClient bobClient = new RawXmppClient()) {
            signInAvailable(bobClient, bob);
            signInAvailable(aliceClient, alice);
            enableStreamManagement(aliceClient);
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                burst.append("<message type='chat' to='").append(bob).append('@').append(Fixtures.DOMAIN)
                        .append("/raw'><body>m").append(i).append(".</body></message>");
            }

            aliceClient.send(burst + "<r xmlns='urn:xmpp:sm:3'/>");

            String answer = aliceClient.readUntil("<a ");
            assertTrue(answer.contains("<a xmlns='urn:xmpp:sm:3' h='100'/>"), answer);
            String received = bobClient.readUntil("<body>m99.</body>");
            List<String> bodies = Pattern.compile("<body>(m\\d+)\\.</body>").matcher(received)
                    .results().map(match -> match.group(1)).toList();
            assertEquals(IntStream.range(0, 100).mapToObj(i -> "m" + i).toList(), bodies);
        }
    }
}
