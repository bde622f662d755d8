package im.parley.session;

import im.parley.http.Authentication;
import im.parley.http.Caller;
import im.parley.problem.ParleyException;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The caller's live stream over a WebSocket: the same JSON events as GET /api/stream, one
 * per text frame. Authenticated by a bearer token in the {@code access_token} query parameter
 * (RFC 6750 section 2.3): browsers cannot set headers on a WebSocket, and the handshake's
 * headers are not reliably per connection in the endpoint configuration. A refused
 * stream is closed with 1008 (policy violation).
 */
@Dependent
@ServerEndpoint("/ws")
public class StreamSocket {
    private static final Logger LOG = Logger.getLogger(StreamSocket.class.getName());
    private static final String STREAM = "stream";

    // A bean-defining annotation (@Dependent) makes the endpoint a CDI bean; without it, the
    // web module's annotated bean discovery leaves it out and @Inject fails (CWOWB1006E).
    @Inject
    private LiveStreams streams;

    @Inject
    private Authentication authentication;

    @OnOpen
    public void open(Session socket) throws IOException {
        Map<String, List<String>> query = socket.getRequestParameterMap();
        try {
            Caller caller = authentication.bearer(first(query, "access_token"));
            StreamOptions options = new StreamOptions(first(query, "resource"),
                    !"false".equals(first(query, "available")), !"false".equals(first(query, "acks")));
            LiveStream stream = streams.open(caller, options, new LiveStream.Sink() {
                @Override
                public void write(String type, String json) throws IOException {
                    if (type != null) {
                        socket.getBasicRemote().sendText(json);
                    }
                }

                @Override
                public void close() {
                    closeQuietly(socket, new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "stream ended"));
                }
            });
            socket.getUserProperties().put(STREAM, stream);
        } catch (ParleyException refused) {
            socket.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, refused.getMessage()));
        }
    }

    @OnClose
    public void close(Session socket) {
        endStream(socket);
    }

    @OnError
    public void error(Session socket, Throwable failure) {
        LOG.log(Level.FINE, "WebSocket stream failed", failure);
        endStream(socket);
    }

    private static void endStream(Session socket) {
        if (socket.getUserProperties().get(STREAM) instanceof LiveStream stream) {
            stream.end();
        }
    }

    private static void closeQuietly(Session socket, CloseReason reason) {
        if (!socket.isOpen()) {
            return;
        }
        try {
            socket.close(reason);
        } catch (IOException e) {
            LOG.log(Level.FINE, "Closing a WebSocket failed; it is gone either way", e);
        }
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
