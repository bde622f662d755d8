package im.parley.testsupport;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

/**
 * An application calling the Parley under test over HTTPS, as one principal (HTTP Basic, or
 * a bearer token). Parley's certificate is the self-signed one Liberty made, so it is trusted.
 */
public final class HttpApi {
    public static final String DOMAIN = Fixtures.DOMAIN;
    public static final String PASSWORD = "secret over https";
    public static final String ADMIN = "admin@" + DOMAIN;
    public static final String ADMIN_PASSWORD = "admin-secret";

    static {
        // Idle connections close soon, so none is left open to hold up the server's stop.
        System.setProperty("jdk.httpclient.keepalive.timeout", "2");
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(trustingContext())
            .connectTimeout(Duration.ofSeconds(20))
            .build();

    private final String authorization;
    private final String address;

    private HttpApi(String authorization, String address) {
        this.authorization = authorization;
        this.address = address;
    }

    public static HttpApi as(String address, String password) {
        String credentials = address + ":" + password;
        return new HttpApi("Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)),
                address);
    }

    public static HttpApi withToken(String token) {
        return new HttpApi("Bearer " + token, null);
    }

    public static HttpApi anonymous() {
        return new HttpApi(null, null);
    }

    public static HttpApi admin() {
        return as(ADMIN, ADMIN_PASSWORD);
    }

    /** Creates an account with a fresh name (through the admin API) and calls as it. */
    public static HttpApi newUser(String name) {
        String address = name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@" + DOMAIN;
        Answer created = admin().post("/accounts",
                "{\"address\":\"" + address + "\",\"password\":\"" + PASSWORD + "\"}");
        if (created.status() != 201) {
            throw new IllegalStateException("Cannot create " + address + ": " + created);
        }
        return as(address, PASSWORD);
    }

    /** The principal's address (null for a token or anonymous caller). */
    public String address() {
        return address;
    }

    public static String baseUrl() {
        return "https://localhost:" + System.getProperty("parley.test.https.port", "19443");
    }

    public static String plainUrl() {
        return "http://localhost:" + System.getProperty("parley.test.http.port", "19080");
    }

    public Answer get(String path) {
        return send(request(path).GET());
    }

    public Answer get(String path, String accept) {
        return send(request(path).header("Accept", accept).GET());
    }

    public Answer post(String path, String json) {
        return send(path, "POST", "application/json", json);
    }

    public Answer put(String path, String json) {
        return send(path, "PUT", "application/json", json);
    }

    public Answer delete(String path) {
        return send(request(path).DELETE());
    }

    public Answer send(String path, String method, String contentType, String body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        HttpRequest.Builder builder = request(path).method(method, publisher);
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder);
    }

    /** A request to the API (paths relative to /api) or, for absolute URLs, anywhere. */
    public HttpRequest.Builder request(String path) {
        String url = path.startsWith("http") ? path : baseUrl() + "/api" + path;
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    public static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), response);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static HttpClient client() {
        return CLIENT;
    }

    /** What the server answered. */
    public record Answer(int status, String contentType, String body, HttpResponse<String> response) {
        public JsonObject json() {
            return (JsonObject) structure();
        }

        public JsonArray array() {
            return (JsonArray) structure();
        }

        private JsonStructure structure() {
            try (var reader = Json.createReader(new StringReader(body))) {
                return reader.read();
            }
        }

        public boolean isProblem() {
            return contentType.startsWith("application/problem+json");
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + body;
        }
    }

    public static String encode(String pathSegment) {
        return java.net.URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static SSLContext trustingContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{new TrustTheTestCertificate()}, new SecureRandom());
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
