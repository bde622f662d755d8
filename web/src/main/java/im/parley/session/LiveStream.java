package im.parley.session;

import im.parley.messaging.InstantMessageData;
import im.parley.messaging.MessageCopy;
import im.parley.presence.PresenceNotification;
import im.parley.presence.PresenceTupleData;
import im.parley.presence.SubscriptionNotification;
import im.parley.presence.WatcherNotification;
import im.parley.roster.RosterChange;
import jakarta.json.bind.Jsonb;

import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The HTTP wire's session endpoint: every NOTIFICATION and message for one live stream (SSE
 * or WebSocket) becomes a JSON event, written in order by a pool thread, so the node's event
 * listener never waits on a slow client. A written message counts as received only when the
 * client acknowledges it (unless the stream was opened without acknowledgements): when the
 * stream ends, every message not written or not acknowledged is handed back to go to the
 * offline store, as XEP-0198 does for XMPP. So a message is never lost with a dropped
 * connection, and may at worst arrive twice.
 */
public final class LiveStream implements SessionEndpoint {
    private static final Logger LOG = Logger.getLogger(LiveStream.class.getName());
    /** A client this far behind is cut off; its unwritten messages are stored for it. */
    static final int MAX_PENDING = 10_000;

    /** Where the events go: blocking writes of one event at a time. */
    public interface Sink {
        /** Writes one event; {@code type} null means a keep-alive with no content. */
        void write(String type, String json) throws Exception;

        void close();
    }

    private record Pending(String type, String json, String messageId) {
    }

    private final Sink sink;
    private final Executor executor;
    private final Jsonb jsonb;
    private final Consumer<List<String>> onEnd;
    private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final boolean acknowledged;
    private final Set<String> unacknowledged = ConcurrentHashMap.newKeySet();

    /** @param onEnd told once, when the stream ends, the ids of messages it did not write */
    LiveStream(Sink sink, Executor executor, Jsonb jsonb, boolean acknowledged, Consumer<List<String>> onEnd) {
        this.sink = sink;
        this.acknowledged = acknowledged;
        this.executor = executor;
        this.jsonb = jsonb;
        this.onEnd = onEnd;
    }

    void session(ClientSession session) {
        send("session", Map.of("id", session.id(), "address", session.address().toString()), null);
    }

    void presence(String presentity, PresenceTupleData tuple) {
        send("presence", Map.of("presentity", presentity, "tuple", tuple), null);
    }

    void keepAlive() {
        offer(new Pending(null, null, null));
    }

    @Override
    public void presence(PresenceNotification notification) {
        presence(notification.presentity(), notification.tuple());
    }

    @Override
    public void subscription(SubscriptionNotification notification) {
        send("subscription", Map.of("presentity", notification.presentity(), "watcher", notification.watcher(),
                "change", notification.change()), null);
    }

    @Override
    public void watcher(WatcherNotification notification) {
        send("watcher", Map.of("presentity", notification.presentity(), "watcher", notification.watcher()), null);
    }

    @Override
    public void roster(RosterChange change) {
        send("roster", Map.of("contact", change.contact()), null);
    }

    @Override
    public boolean message(InstantMessageData message, MessageCopy copy) {
        return send("message", Map.of("copy", copy, "message", message),
                copy == MessageCopy.ORIGINAL ? message.id() : null);
    }

    /** Opened with acknowledgements, the client confirms each message it has handled. */
    @Override
    public boolean confirmsReceipt() {
        return acknowledged;
    }

    /** Content in another protocol (an XMPP IQ) has no meaning here. */
    @Override
    public boolean direct(String protocol, String content) {
        return false;
    }

    private boolean send(String type, Map<String, Object> fields, String messageId) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.putAll(fields);
        return offer(new Pending(type, jsonb.toJson(event), messageId));
    }

    private boolean offer(Pending event) {
        if (ended.get()) {
            return false;
        }
        if (size.incrementAndGet() > MAX_PENDING) {
            LOG.warning("A live stream fell " + MAX_PENDING + " events behind; ending it");
            pending.add(event);
            end();
            return true;
        }
        pending.add(event);
        if (draining.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
        return true;
    }

    private void drain() {
        Pending next;
        while (!ended.get() && (next = pending.poll()) != null) {
            size.decrementAndGet();
            try {
                if (acknowledged && next.messageId() != null) {
                    unacknowledged.add(next.messageId());
                }
                sink.write(next.type(), next.json());
            } catch (Exception e) {
                LOG.log(Level.FINE, "A live stream could not be written; ending it", e);
                if (next.messageId() != null) {
                    pending.add(next);
                }
                end();
                return;
            }
        }
        draining.set(false);
        if (!pending.isEmpty() && !ended.get() && draining.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    @Override
    public void closedElsewhere() {
        end(); // the client reconnects, as after any dropped stream
    }

    /** Ends the stream (the client left, or writing failed); idempotent. */
    public void end() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        Set<String> unwritten = new LinkedHashSet<>(unacknowledged);
        for (Pending event : pending) {
            if (event.messageId() != null) {
                unwritten.add(event.messageId());
            }
        }
        pending.clear();
        unacknowledged.clear();
        try {
            sink.close();
        } finally {
            onEnd.accept(List.copyOf(unwritten));
        }
    }

    /** The client has the message; false when it was not one this stream is waiting to hear of. */
    boolean acknowledge(String messageId) {
        return unacknowledged.remove(messageId);
    }
}
