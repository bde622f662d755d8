package im.parley.account;

import im.parley.testsupport.HttpApi;
import im.parley.testsupport.HttpApi.Answer;
import im.parley.testsupport.ParleyApplication;
import im.parley.testsupport.XmppClients;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.parts.Resourcepart;

import java.util.UUID;

import static im.parley.testsupport.HttpAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Accounts and authentication over HTTP: the same principals as XMPP, Basic and bearer tokens, admin-only management. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AccountApiTest {

    @Deployment(testable = false)
    static EnterpriseArchive parley() {
        return ParleyApplication.asBuilt();
    }

    @Test
    void anAccountAnAdministratorCreatesSignsInOverXmpp() throws Exception {
        String local = "carol-" + UUID.randomUUID().toString().substring(0, 8);
        Answer created = HttpApi.admin().post("/accounts",
                "{\"address\":\"" + local + "@" + HttpApi.DOMAIN + "\",\"password\":\"carol's secret\"}");
        assertEquals(201, created.status(), created::toString);

        XMPPTCPConnection carol = new XMPPTCPConnection(XmppClients.configuration().build());
        try {
            carol.connect().login(local, "carol's secret", Resourcepart.from("pidgin"));
            assertTrue(carol.isAuthenticated());
        } finally {
            carol.disconnect();
        }
    }

    @Test
    void anAccountRegisteredOverXmppSignsInOverHttpWithTheSamePassword() throws Exception {
        XMPPTCPConnection dave = XmppClients.newUser("dave", "gajim");
        String address = dave.getUser().asBareJid().toString();
        dave.disconnect();

        Answer answer = HttpApi.as(address, XmppClients.PASSWORD).get("/accounts/" + address);

        assertEquals(200, answer.status(), answer::toString);
        assertEquals(address, answer.json().getString("address"));
        assertFalse(answer.json().getBoolean("admin"));
    }

    @Test
    void onlyAnAdministratorListsAccounts() {
        HttpApi alice = HttpApi.newUser("alice");

        assertProblem(403, alice.get("/accounts"));
        assertEquals(200, HttpApi.admin().get("/accounts").status());
    }

    @Test
    void onlyAnAdministratorCreatesAccounts() {
        HttpApi alice = HttpApi.newUser("alice");
        String address = "eve-" + UUID.randomUUID().toString().substring(0, 8) + "@" + HttpApi.DOMAIN;

        assertProblem(403, alice.post("/accounts", "{\"address\":\"" + address + "\",\"password\":\"x\"}"));
        assertProblem(404, HttpApi.admin().get("/accounts/" + address));
    }

    @Test
    void creatingAnExistingAccountIsAConflict() {
        HttpApi alice = HttpApi.newUser("alice");

        assertProblem(409, HttpApi.admin().post("/accounts",
                "{\"address\":\"" + alice.address() + "\",\"password\":\"another\"}"));
        assertEquals(200, alice.get("/accounts/" + alice.address()).status());
    }

    @Test
    void anAccountOutsideTheDomainIsRefused() {
        assertProblem(400, HttpApi.admin().post("/accounts", "{\"address\":\"x@elsewhere.example\",\"password\":\"x\"}"));
    }

    @Test
    void aWrongPasswordIsUnauthorizedWithAChallenge() {
        HttpApi alice = HttpApi.newUser("alice");

        Answer answer = HttpApi.as(alice.address(), "wrong").get("/roster");

        assertProblem(401, answer);
        String challenge = answer.response().headers().firstValue("WWW-Authenticate").orElse("");
        assertTrue(challenge.contains("Basic realm=\"Parley\""), challenge);
        assertTrue(challenge.contains("Bearer"), challenge);
    }

    @Test
    void aBareLocalPartSignsInToThisDomain() {
        HttpApi alice = HttpApi.newUser("alice");
        String local = alice.address().substring(0, alice.address().indexOf('@'));

        assertEquals(200, HttpApi.as(local, HttpApi.PASSWORD).get("/roster").status());
    }

    @Test
    void aTokenActsForItsPrincipalUntilRevoked() {
        HttpApi alice = HttpApi.newUser("alice");
        JsonObject token = alice.post("/tokens", "{\"label\":\"help desk\"}").json();
        HttpApi app = HttpApi.withToken(token.getString("token"));

        assertEquals(alice.address(), app.get("/accounts/" + alice.address()).json().getString("address"));
        JsonObject listed = alice.get("/tokens").array().getJsonObject(0);
        assertEquals("help desk", listed.getString("label"));
        assertFalse(listed.containsKey("token"), "a listed token must not reveal the token itself");

        assertEquals(204, alice.delete("/tokens/" + token.getString("id")).status());
        assertProblem(401, app.get("/roster"));
    }

    @Test
    void nobodyRevokesAnotherPrincipalsToken() {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi mallory = HttpApi.newUser("mallory");
        JsonObject token = alice.post("/tokens", "{\"label\":\"mine\"}").json();

        assertProblem(404, mallory.delete("/tokens/" + token.getString("id")));
        assertEquals(200, HttpApi.withToken(token.getString("token")).get("/roster").status());
    }

    @Test
    void anUnknownTokenIsUnauthorized() {
        assertProblem(401, HttpApi.withToken("not-a-token").get("/roster"));
    }

    @Test
    void aPrincipalChangesItsOwnPasswordButNotAnothers() {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi mallory = HttpApi.newUser("mallory");

        assertProblem(403, mallory.put("/accounts/" + alice.address() + "/password", "{\"password\":\"pwned\"}"));
        assertEquals(204, alice.put("/accounts/" + alice.address() + "/password", "{\"password\":\"new one\"}").status());

        assertEquals(200, HttpApi.as(alice.address(), "new one").get("/roster").status());
        assertProblem(401, HttpApi.as(alice.address(), "pwned").get("/roster"));
    }

    @Test
    void anAdministratorDeletesAnAccountAndItsXmppSessionEnds() throws Exception {
        XMPPTCPConnection dave = XmppClients.newUser("dave", "gajim");
        String address = dave.getUser().asBareJid().toString();

        assertEquals(204, HttpApi.admin().delete("/accounts/" + address).status());

        assertProblem(404, HttpApi.admin().get("/accounts/" + address));
        assertProblem(401, HttpApi.as(address, XmppClients.PASSWORD).get("/roster"));
        dave.disconnect();
    }

    @Test
    void onlyAnAdministratorDeletesAccounts() {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi mallory = HttpApi.newUser("mallory");

        assertProblem(403, mallory.delete("/accounts/" + alice.address()));
        assertEquals(200, alice.get("/accounts/" + alice.address()).status());
    }

    @Test
    void onlyAnAdministratorSeesTheOnlineSessions() throws Exception {
        HttpApi alice = HttpApi.newUser("alice");
        XMPPTCPConnection dave = XmppClients.newUser("dave", "laptop");
        try {
            assertProblem(403, alice.get("/sessions"));

            JsonObject overview = HttpApi.admin().get("/sessions").json();
            assertTrue(overview.getJsonObject("byProtocol").getInt("xmpp") >= 1, overview::toString);
            assertTrue(overview.getJsonArray("sessions").getValuesAs(JsonObject.class).stream()
                    .anyMatch(s -> s.getString("address").equals(dave.getUser().toString())), overview::toString);
        } finally {
            dave.disconnect();
        }
    }
}
