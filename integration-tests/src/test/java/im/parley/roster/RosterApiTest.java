package im.parley.roster;

import im.parley.testsupport.HttpApi;
import im.parley.testsupport.ParleyApplication;
import im.parley.testsupport.XmppClients;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.impl.JidCreate;

import static im.parley.testsupport.HttpAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The roster over HTTP is the roster XMPP clients see. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RosterApiTest {

    @Deployment(testable = false)
    static EnterpriseArchive parley() {
        return ParleyApplication.asBuilt();
    }

    @Test
    void rosterItemsAreSetListedAndRemoved() {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi bob = HttpApi.newUser("bob");

        alice.put("/roster/" + bob.address(), "{\"name\":\"Bob\",\"groups\":[\"Work\"]}");
        JsonObject item = alice.get("/roster").array().getJsonObject(0);
        assertEquals(bob.address(), item.getString("contact"));
        assertEquals("Bob", item.getString("name"));
        assertEquals("Work", item.getJsonArray("groups").getString(0));
        assertEquals("NONE", item.getString("subscription"));

        assertEquals(204, alice.delete("/roster/" + bob.address()).status());
        assertEquals(0, alice.get("/roster").array().size());
        assertProblem(404, alice.get("/roster/" + bob.address()));
    }

    @Test
    void aContactAddedOverHttpIsPushedToTheXmppClient() throws Exception {
        HttpApi bob = HttpApi.newUser("bob");
        XMPPTCPConnection alice = XmppClients.newUser("alice", "pidgin");
        try {
            Roster roster = Roster.getInstanceFor(alice);
            roster.reloadAndWait();
            HttpApi aliceOverHttp = HttpApi.as(alice.getUser().asBareJid().toString(), XmppClients.PASSWORD);

            aliceOverHttp.put("/roster/" + bob.address(), "{\"name\":\"Bob from HTTP\",\"groups\":[\"Friends\"]}");

            RosterEntry entry = null;
            for (int i = 0; i < 200 && entry == null; i++) {
                entry = roster.getEntry(JidCreate.bareFrom(bob.address()));
                Thread.sleep(100);
            }
            assertEquals("Bob from HTTP", entry == null ? null : entry.getName());
        } finally {
            alice.disconnect();
        }
    }

    @Test
    void aContactWithAnInvalidAddressIsRefused() {
        HttpApi alice = HttpApi.newUser("alice");

        assertProblem(400, alice.put("/roster/" + "@bad@", "{\"name\":\"x\",\"groups\":[]}"));
        assertEquals(0, alice.get("/roster").array().size());
    }
}
