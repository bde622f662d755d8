package im.parley.testsupport;

import im.parley.messaging.InstantMessageData;
import im.parley.messaging.MessageCopy;
import im.parley.presence.PresenceNotification;
import im.parley.presence.SubscriptionNotification;
import im.parley.presence.WatcherNotification;
import im.parley.roster.RosterChange;
import im.parley.session.SessionEndpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A session endpoint that keeps what it receives, in order, as a user agent would show
 * it. It stands where an XMPP connection or an HTTP stream plugs in.
 */
public class RecordingEndpoint implements SessionEndpoint {
    private static final long WAIT_SECONDS = 20;

    private final LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private volatile boolean accepting = true;

    @Override
    public void presence(PresenceNotification notification) {
        received.add(notification);
    }

    @Override
    public void subscription(SubscriptionNotification notification) {
        received.add(notification);
    }

    @Override
    public void watcher(WatcherNotification notification) {
        received.add(notification);
    }

    @Override
    public void roster(RosterChange change) {
        received.add(change);
    }

    @Override
    public boolean message(InstantMessageData message, MessageCopy copy) {
        if (!accepting) {
            return false;
        }
        received.add(copy == MessageCopy.ORIGINAL ? message : new Copy(copy, message));
        return true;
    }

    /** A copy of a message another session of the principal sent or received. */
    public record Copy(MessageCopy kind, InstantMessageData message) {
    }

    @Override
    public boolean direct(String protocol, String content) {
        received.add(new Direct(protocol, content));
        return true;
    }

    public record Direct(String protocol, String content) {
    }

    @Override
    public void closedElsewhere() {
        stopAccepting();
    }

    /** From now on the endpoint refuses messages, as a connection that is closing does. */
    public void stopAccepting() {
        accepting = false;
    }

    /**
     * Waits for the next item of a type that matches, and returns it together with
     * everything else received before it.
     */
    public <T> Received<T> awaitWithEarlier(Class<T> type, Predicate<T> match) {
        List<Object> before = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            long left = deadline - System.nanoTime();
            Object next;
            try {
                next = left <= 0 ? null : received.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + type.getSimpleName(), e);
            }
            if (next == null) {
                throw new AssertionError("No matching " + type.getSimpleName() + " within " + WAIT_SECONDS
                        + " s; received meanwhile: " + before);
            }
            if (type.isInstance(next) && match.test(type.cast(next))) {
                return new Received<>(type.cast(next), before);
            }
            before.add(next);
        }
    }

    public <T> T await(Class<T> type, Predicate<T> match) {
        return awaitWithEarlier(type, match).item();
    }

    public <T> T await(Class<T> type) {
        return await(type, any -> true);
    }

    /** Everything received so far that has not been awaited. */
    public List<Object> drain() {
        List<Object> items = new ArrayList<>();
        received.drainTo(items);
        return items;
    }

    public record Received<T>(T item, List<Object> before) {
    }
}
