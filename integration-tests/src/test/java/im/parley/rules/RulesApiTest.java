package im.parley.rules;

import im.parley.testsupport.HttpApi;
import im.parley.testsupport.HttpApi.Answer;
import im.parley.testsupport.ParleyApplication;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static im.parley.testsupport.HttpAssertions.assertProblem;
import static im.parley.testsupport.HttpAssertions.presentity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Access, visibility and delivery rules over HTTP, each enforced on what others can do. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RulesApiTest {

    @Deployment(testable = false)
    static EnterpriseArchive parley() {
        return ParleyApplication.asBuilt();
    }

    @Test
    void aDenyingAccessRuleRefusesTheWatchersSubscription() {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi bob = HttpApi.newUser("bob");
        alice.put("/rules/access", rule("ADDRESS", bob.address(), "DENY"));

        assertProblem(403, bob.post("/subscriptions", "{\"presentity\":\"" + alice.address() + "\"}"));
        assertEquals(0, alice.get(presentity(alice) + "/subscribers").array().size());
    }

    @Test
    void anAllowingDomainRuleLetsEveryoneThereFetch() {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi bob = HttpApi.newUser("bob");
        alice.put("/rules/access", rule("DOMAIN", HttpApi.DOMAIN, "ALLOW"));

        assertEquals(200, bob.get(presentity(alice)).status());
    }

    @Test
    void aPolitelyBlockedWatcherSeesThePresentityClosed() {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi bob = HttpApi.newUser("bob");
        alice.put(presentity(alice) + "/tuples/desk", "{\"status\":\"OPEN\"}");
        alice.put("/rules/access", rule("ADDRESS", bob.address(), "POLITE_BLOCK"));

        Answer seen = bob.get(presentity(alice));

        assertEquals(200, seen.status(), seen::toString);
        assertEquals(0, seen.json().getJsonArray("tuples").size());
    }

    @Test
    void aPrincipalCannotWriteToSomeoneItBlocks() {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi bob = HttpApi.newUser("bob");
        alice.put("/rules/access", rule("ADDRESS", bob.address(), "POLITE_BLOCK"));

        assertProblem(403, alice.post("/messages", "{\"to\":\"" + bob.address() + "\",\"body\":\"psst\"}"));
        assertEquals(0, bob.get("/inbox").array().size());
    }

    @Test
    void accessRulesAreListedAndRemoved() {
        HttpApi alice = HttpApi.newUser("alice");
        alice.put("/rules/access", rule("GROUP", "Family", "ALLOW"));

        assertEquals("Family", alice.get("/rules/access").array().getJsonObject(0).getString("pattern"));
        assertEquals(204, alice.delete("/rules/access/GROUP/Family").status());
        assertEquals(0, alice.get("/rules/access").array().size());
    }

    @Test
    void nobodyReadsOrChangesAnotherPrincipalsRules() {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi mallory = HttpApi.newUser("mallory");

        assertProblem(403, mallory.get("/rules/access?presentity=" + alice.address()));
        assertProblem(403, mallory.put("/rules/access?presentity=" + alice.address(),
                rule("ADDRESS", mallory.address(), "ALLOW")));
        assertEquals(0, alice.get("/rules/access").array().size());
    }

    @Test
    void aRuleWithoutScopeIsRefused() {
        HttpApi alice = HttpApi.newUser("alice");

        assertProblem(400, alice.put("/rules/access", "{\"pattern\":\"x@y\",\"action\":\"ALLOW\"}"));
        assertProblem(400, alice.put("/rules/access", "{\"scope\":\"PLANET\",\"pattern\":\"x\",\"action\":\"ALLOW\"}"));
        assertEquals(0, alice.get("/rules/access").array().size());
    }

    @Test
    void aVisibilityRuleHidesTheWatchersFetches() {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi bob = HttpApi.newUser("bob");
        alice.put("/rules/access", rule("ADDRESS", bob.address(), "ALLOW"));
        bob.put("/rules/visibility", "{\"presentity\":\"" + alice.address() + "\",\"hideFetches\":true}");

        bob.get(presentity(alice));

        assertEquals(0, alice.get(presentity(alice) + "/watchers").array().size());
        assertTrue(bob.get("/rules/visibility").array().getJsonObject(0).getBoolean("hideFetches"));
    }

    @Test
    void aDeliveryRuleForTheRosterOnlyRefusesStrangers() {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi friend = HttpApi.newUser("friend");
        HttpApi stranger = HttpApi.newUser("stranger");
        alice.put("/roster/" + friend.address(), "{\"name\":\"Friend\",\"groups\":[]}");
        alice.put("/rules/delivery", "{\"acceptFrom\":\"ROSTER\",\"offlineStorage\":true,\"deliverToAll\":false}");

        assertProblem(403, stranger.post("/messages", "{\"to\":\"" + alice.address() + "\",\"body\":\"buy now\"}"));
        assertEquals(202, friend.post("/messages", "{\"to\":\"" + alice.address() + "\",\"body\":\"hi\"}").status());
        assertEquals(1, alice.get("/inbox").array().size());
        assertEquals("ROSTER", alice.get("/rules/delivery").json().getString("acceptFrom"));
    }

    @Test
    void aDeliveryRuleWithANegativeQuotaIsRefused() {
        HttpApi alice = HttpApi.newUser("alice");

        assertProblem(400, alice.put("/rules/delivery",
                "{\"acceptFrom\":\"EVERYONE\",\"offlineStorage\":true,\"offlineQuota\":-1,\"deliverToAll\":false}"));
        assertEquals("EVERYONE", alice.get("/rules/delivery").json().getString("acceptFrom"));
    }

    private static String rule(String scope, String pattern, String action) {
        return "{\"scope\":\"" + scope + "\",\"pattern\":\"" + pattern + "\",\"action\":\"" + action + "\"}";
    }
}
