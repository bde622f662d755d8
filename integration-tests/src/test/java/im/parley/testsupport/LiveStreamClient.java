package im.parley.testsupport;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * An application's live stream from the Parley under test, over Server-Sent Events or a
 * WebSocket: the JSON events it receives, in order, for the test to wait on.
 */
public final class LiveStreamClient implements AutoCloseable {
    private final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    private final List<JsonObject> seen = new ArrayList<>();
    private final List<JsonObject> unclaimed = new ArrayList<>();
    private final CompletableFuture<Integer> closedWith = new CompletableFuture<>();
    private Runnable closer = () -> { };

    private LiveStreamClient() {
    }

    /** GET /api/stream as the principal, with optional query parameters ("resource=x&acks=false"). */
    public static LiveStreamClient sse(HttpApi principal, String query) {
        LiveStreamClient client = new LiveStreamClient();
        var request = principal.request("/stream" + (query == null ? "" : "?" + query))
                .header("Accept", "text/event-stream").timeout(Duration.ofHours(1)).GET();
        HttpResponse<Stream<String>> response;
        try {
            response = HttpApi.client().send(request.build(), HttpResponse.BodyHandlers.ofLines());
        } catch (Exception e) {
            throw new IllegalStateException("The live stream did not open", e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("The live stream was refused: " + response.statusCode());
        }
        Stream<String> lines = response.body();
        client.closer = lines::close;
        Thread reader = new Thread(() -> {
            try {
                lines.forEach(line -> {
                    if (line.startsWith("data:")) {
                        client.events.add(parse(line.substring(5).strip()));
                    }
                });
            } catch (RuntimeException ended) {
                // Closing the stream from the test ends the reading; nothing to report.
            }
            client.closedWith.complete(0);
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        return client;
    }

    /** The WebSocket /ws with a bearer token in the query. */
    public static LiveStreamClient webSocket(String token, String query) {
        LiveStreamClient client = new LiveStreamClient();
        String url = HttpApi.baseUrl().replace("https:", "wss:") + "/ws?access_token=" + token
                + (query == null ? "" : "&" + query);
        WebSocket socket = HttpApi.client().newWebSocketBuilder()
                .buildAsync(URI.create(url), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            client.events.add(parse(text.toString()));
                            text.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        client.closedWith.complete(statusCode);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket webSocket, Throwable error) {
                        client.closedWith.complete(-1);
                    }
                }).join();
        client.closer = () -> {
            if (!socket.isOutputClosed() && !client.closedWith.isDone()) {
                // The server may close at the same moment; either way the socket ends.
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").handle((done, failure) -> done).join();
            }
        };
        return client;
    }

    /**
     * Waits for the first event of a type that matches and was not awaited before, whether it
     * came before or after others; every event received is kept in {@link #seen()}.
     */
    public JsonObject await(String type, Predicate<JsonObject> matching) throws InterruptedException {
        Predicate<JsonObject> wanted = event -> event.getString("type").equals(type) && matching.test(event);
        for (JsonObject event : unclaimed) {
            if (wanted.test(event)) {
                unclaimed.remove(event);
                return event;
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            JsonObject event = events.poll(100, TimeUnit.MILLISECONDS);
            if (event == null) {
                continue;
            }
            seen.add(event);
            if (wanted.test(event)) {
                return event;
            }
            unclaimed.add(event);
        }
        throw new AssertionError("No matching " + type + " event; seen: " + seen);
    }

    public JsonObject await(String type) throws InterruptedException {
        return await(type, event -> true);
    }

    public List<JsonObject> seen() {
        return seen;
    }

    /** The close code the server ended a WebSocket with (0 for an SSE stream that ended). */
    public int awaitClose() throws Exception {
        return closedWith.get(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        closer.run();
    }

    private static JsonObject parse(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
