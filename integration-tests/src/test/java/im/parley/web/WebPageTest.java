package im.parley.web;

import im.parley.testsupport.HttpApi;
import im.parley.testsupport.ParleyApplication;
import im.parley.testsupport.XmppClients;
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

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web page in Debian's headless Chromium, driven by playwright-core (the scripts in
 * src/test/web; .ci/run installs Chromium and the npm package).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WebPageTest {

    @Deployment(testable = false)
    static EnterpriseArchive parley() {
        return ParleyApplication.asBuilt();
    }

    @Test
    void twoPeopleOnThePageSeeEachOthersPresenceAndChat() throws Exception {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi bob = HttpApi.newUser("bob");

        Process page = runPageTest("two-people.test.mjs", Map.of(
                "PARLEY_ALICE", alice.address() + ":" + HttpApi.PASSWORD,
                "PARLEY_BOB", bob.address() + ":" + HttpApi.PASSWORD));

        assertPassed(page);
    }

    @Test
    void anAdministratorCreatesAnAccountOnThePageAndSeesTheSessions() throws Exception {
        String account = "erin-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@" + HttpApi.DOMAIN;

        Process page = runPageTest("administrator.test.mjs", Map.of(
                "PARLEY_ADMIN", HttpApi.ADMIN + ":" + HttpApi.ADMIN_PASSWORD,
                "PARLEY_NEW_ACCOUNT", account + ":erin's password"));

        assertPassed(page);
        assertEquals(200, HttpApi.as(account, "erin's password").get("/roster").status());
    }

    @Test
    void thePageAndAnXmppClientSeeEachOtherAndChat() throws Exception {
        HttpApi carol = HttpApi.newUser("carol");
        XMPPTCPConnection dave = XmppClients.newUser("dave", "smack");
        try (StanzaCollector messages = dave.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
            String daveAddress = dave.getUser().asBareJid().toString();
            Roster roster = Roster.getInstanceFor(dave);
            roster.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
            dave.sendStanza(PresenceBuilder.buildPresence().ofType(Presence.Type.available).build());
            // Carol and Dave become mutual contacts: Carol over HTTP, Dave in his XMPP client.
            carol.put("/roster/" + daveAddress, "{\"name\":\"Dave\",\"groups\":[]}");
            carol.post("/subscriptions", "{\"presentity\":\"" + daveAddress + "\"}");
            carol.put("/presentities/" + carol.address() + "/subscribers/" + daveAddress, null);
            roster.createItemAndRequestSubscription(JidCreate.bareFrom(carol.address()), "Carol", null);

            Process page = runPageTest("xmpp-contact.test.mjs", Map.of(
                    "PARLEY_USER", carol.address() + ":" + HttpApi.PASSWORD,
                    "PARLEY_XMPP_CONTACT", daveAddress));

            Message fromPage = messages.nextResult(60_000);
            assertNotNull(fromPage, "Dave's client got no message from the page");
            assertEquals("hello from the page", fromPage.getBody());
            assertEquals(carol.address(), fromPage.getFrom().asBareJid().toString());
            assertTrue(roster.getPresence(JidCreate.bareFrom(carol.address())).isAvailable(),
                    "Dave's client does not see Carol online");

            dave.sendStanza(MessageBuilder.buildMessage().to(fromPage.getFrom()).ofType(Message.Type.chat)
                    .setBody("hello from Smack").build());
            dave.sendStanza(PresenceBuilder.buildPresence().ofType(Presence.Type.available)
                    .setMode(Presence.Mode.dnd).build());
            assertPassed(page);
        } finally {
            dave.disconnect();
        }
    }

    private static Process runPageTest(String script, Map<String, String> environment) throws Exception {
        File scripts = new File(System.getProperty("parley.test.web"));
        if (!new File(scripts, "node_modules/playwright-core").isDirectory() || !new File("/usr/bin/chromium").canExecute()) {
            throw new AssertionError("The page tests need Debian's chromium and `npm ci` in " + scripts
                    + "; .ci/run installs both");
        }
        ProcessBuilder node = new ProcessBuilder("node", "--test", script).directory(scripts).redirectErrorStream(true);
        node.environment().put("PARLEY_URL", HttpApi.baseUrl());
        node.environment().putAll(environment);
        return node.start();
    }

    private static void assertPassed(Process page) throws Exception {
        boolean finished = page.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            page.destroyForcibly();
        }
        String output = new String(page.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println(output);
        assertTrue(finished, "The page test did not finish:\n" + output);
        assertEquals(0, page.exitValue(), output);
    }
}
