package im.parley.http;

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
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpRequest;

import static im.parley.testsupport.HttpAssertions.assertProblem;
import static im.parley.testsupport.HttpAssertions.presentity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What operators and client developers expect of any HTTP service: TLS, errors, health, metrics, a description. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HttpConventionsTest {

    @Deployment(testable = false)
    static EnterpriseArchive parley() {
        return ParleyApplication.asBuilt();
    }

    @Test
    void theApiRefusesPlainHttp() {
        HttpApi alice = HttpApi.newUser("alice");

        assertProblem(403, alice.get(HttpApi.plainUrl() + "/api/roster"));
    }

    @Test
    void thePageOverPlainHttpIsRedirectedToHttps() {
        Answer answer = HttpApi.send(HttpApi.anonymous().request(HttpApi.plainUrl() + "/index.html").GET());

        assertEquals(308, answer.status());
        assertEquals(HttpApi.baseUrl() + "/index.html", answer.response().headers().firstValue("Location").orElse(""));
    }

    @Test
    void thePageIsServedOverHttps() {
        Answer page = HttpApi.anonymous().get(HttpApi.baseUrl() + "/");

        assertEquals(200, page.status());
        assertTrue(page.body().contains("<script src=\"parley.js\""), page::toString);
        assertEquals(200, HttpApi.anonymous().get(HttpApi.baseUrl() + "/parley.js").status());
    }

    @Test
    void aCallWithoutCredentialsIsUnauthorized() {
        assertProblem(401, HttpApi.anonymous().get("/roster"));
    }

    @Test
    void anUnknownRouteIsAProblemNotFound() {
        HttpApi alice = HttpApi.newUser("alice");

        assertProblem(404, alice.get("/no-such-thing"));
    }

    @Test
    void aWrongMethodIsAProblemMethodNotAllowed() {
        HttpApi alice = HttpApi.newUser("alice");

        assertProblem(405, alice.send("/roster", "PATCH", "application/json", "{}"));
    }

    @Test
    void malformedJsonIsABadRequest() {
        HttpApi alice = HttpApi.newUser("alice");

        assertProblem(400, alice.post("/subscriptions", "{\"presentity\": "));
        assertEquals(0, alice.get("/subscriptions").array().size());
    }

    @Test
    void anEmptyBodyIsABadRequest() {
        HttpApi alice = HttpApi.newUser("alice");

        assertProblem(400, alice.post("/subscriptions", ""));
    }

    @Test
    void anOversizedBodyIsRefusedBeforeAnythingIsWritten() {
        HttpApi alice = HttpApi.newUser("alice");

        Answer answer = alice.put("/presentities/" + alice.address() + "/tuples/desk",
                "{\"status\":\"OPEN\",\"otherMarkup\":\"" + "x".repeat(400_000) + "\"}");

        assertProblem(413, answer);
        assertEquals(0, alice.get("/presentities/" + alice.address()).json().getJsonArray("tuples").size());
    }

    @Test
    void anOversizedBodyWithoutContentLengthIsRefusedToo() {
        HttpApi alice = HttpApi.newUser("alice");
        byte[] chunk = ("{\"status\":\"OPEN\",\"note\":\"" + "x".repeat(400_000) + "\"}").getBytes();
        var request = alice.request("/presentities/" + alice.address() + "/tuples/desk")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(chunk)));

        assertProblem(413, HttpApi.send(request));
        assertEquals(0, alice.get("/presentities/" + alice.address()).json().getJsonArray("tuples").size());
    }

    @Test
    void healthReportsTheDatabaseTheMessagingEngineAndTheXmppListener() {
        Answer health = HttpApi.anonymous().get(HttpApi.baseUrl() + "/health/ready");

        assertEquals(200, health.status(), health::toString);
        JsonObject report = health.json();
        assertEquals("UP", report.getString("status"));
        var names = report.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("status").equals("UP"))
                .map(check -> check.getString("name")).toList();
        assertTrue(names.containsAll(java.util.List.of("database", "messaging-engine", "xmpp-listener")), names::toString);
        JsonObject xmpp = report.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").equals("xmpp-listener")).findFirst().orElseThrow();
        assertEquals(5269, xmpp.getJsonObject("data").getInt("serverPort"), "federation's port is checked too");
    }

    @Test
    void metricsCountSessionsByProtocolInPrometheusFormat() throws Exception {
        XMPPTCPConnection client = XmppClients.newUser("metered", "laptop");
        try {
            assertTrue(metric("parley_sessions", "protocol=\"xmpp\"") >= 1);
        } finally {
            client.disconnect();
        }
    }

    @Test
    void metricsCountTheStanzasClientsSend() throws Exception {
        double before = metric("parley_xmpp_stanzas_total", "");
        XMPPTCPConnection client = XmppClients.newUser("talker", "laptop");
        try {
            // Binding the resource is one stanza, the initial presence another.
            Eventually.holds("stanzas not counted", () -> metric("parley_xmpp_stanzas_total", "") >= before + 2);
        } finally {
            client.disconnect();
        }
    }

    @Test
    void metricsCountTheNotificationsHandedToThisNodeByKind() throws Exception {
        String presence = "kind=\"PresenceNotification\"";
        double before = metric("parley_notifications_total", presence);
        HttpApi alice = HttpApi.newUser("alice");

        alice.put(presentity(alice) + "/tuples/desk", "{\"status\":\"OPEN\"}");

        assertTrue(metric("parley_notifications_total", presence) >= before + 1);
    }

    @Test
    void metricsShowWhatTheOfflineStoresKeep() throws Exception {
        HttpApi alice = HttpApi.newUser("alice");
        HttpApi bob = HttpApi.newUser("bob");
        double before = metric("parley_offline_messages", "");

        assertEquals(202, alice.post("/messages", "{\"to\":\"" + bob.address() + "\",\"body\":\"later\"}").status());

        assertTrue(metric("parley_offline_messages", "") >= before + 1);
    }

    /** One sample of Parley's metrics (Prometheus text format); 0 while the series does not exist yet. */
    private static double metric(String name, String label) {
        Answer metrics = HttpApi.anonymous().get(HttpApi.baseUrl() + "/metrics?scope=application");
        assertEquals(200, metrics.status(), metrics::toString);
        assertEquals("text/plain", metrics.contentType().split(";")[0].strip());
        return metrics.body().lines()
                .filter(line -> line.startsWith(name + "{") && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }

    @Test
    void anOpenApiDocumentDescribesTheApi() {
        Answer document = HttpApi.anonymous().get(HttpApi.baseUrl() + "/openapi");

        assertEquals(200, document.status());
        assertTrue(document.body().contains("/api/presentities/{address}"), document::toString);
        assertTrue(document.body().contains("/api/subscriptions"), document::toString);
        assertEquals(200, HttpApi.anonymous().get(HttpApi.baseUrl() + "/openapi/ui/").status());
    }
}
