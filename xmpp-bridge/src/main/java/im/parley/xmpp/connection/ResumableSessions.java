package im.parley.xmpp.connection;

import im.parley.account.Address;
import io.netty.util.concurrent.EventExecutorGroup;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The sessions that XEP-0198 lets a new connection resume: those whose connection dropped
 * wait here until one does, and end when their time is up; those still connected are known
 * too, since a client may resume before the server has noticed that its old connection is
 * gone (XEP-0198 section 5). Then the old connection is closed as replaced, and the session
 * is handed over once that connection has let it go.
 */
public final class ResumableSessions {
    /** How long a new connection waits for the old one to let its session go. */
    private static final int TAKE_OVER_SECONDS = 10;

    private final Map<String, Parked> waiting = new HashMap<>();
    private final Map<String, XmppSession> connected = new HashMap<>();
    private final Map<String, CompletableFuture<XmppSession>> takers = new HashMap<>();
    private final EventExecutorGroup scheduler;
    private final int seconds;

    public ResumableSessions(EventExecutorGroup scheduler, int seconds) {
        this.scheduler = scheduler;
        this.seconds = seconds;
    }

    /** How long a session waits (the 'max' of XEP-0198 section 3). */
    public int seconds() {
        return seconds;
    }

    /** A connected session enabled resumption. */
    public synchronized void connected(XmppSession session) {
        connected.put(session.streamId(), session);
    }

    /** The session is over: nothing can resume it any more. */
    public synchronized void ended(XmppSession session) {
        connected.remove(session.streamId(), session);
    }

    /**
     * The session's connection dropped: it waits to be resumed, and ends through
     * {@code onExpiry} if nobody does in time. A connection already waiting for it takes it now.
     */
    public synchronized void park(XmppSession session, Runnable onExpiry) {
        String id = session.streamId();
        CompletableFuture<XmppSession> taker = takers.remove(id);
        if (taker != null && taker.complete(session)) {
            return;
        }
        // Each stay has its own expiry: a session resumed and dropped again waits its full time anew.
        Parked stay = new Parked(session);
        waiting.put(id, stay);
        scheduler.schedule(() -> {
            if (removeWaiting(id, stay)) {
                onExpiry.run();
            }
        }, seconds, TimeUnit.SECONDS);
    }

    /**
     * The session with this stream id, for {@code principal} to resume: at once if it waits,
     * once its connection let it go if it is still connected (that connection is closed as
     * replaced); null if there is none of the principal's, or if its connection did not let
     * it go in time.
     */
    public synchronized CompletableFuture<XmppSession> takeOver(String id, Address principal) {
        Parked stay = id == null ? null : waiting.get(id);
        XmppSession parked = stay == null ? null : stay.session;
        if (parked != null) {
            if (!parked.principal().equals(principal)) {
                return CompletableFuture.completedFuture(null);
            }
            waiting.remove(id);
            return CompletableFuture.completedFuture(parked);
        }
        XmppSession live = id == null ? null : connected.get(id);
        if (live == null || !live.principal().equals(principal) || takers.containsKey(id)) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<XmppSession> taker = new CompletableFuture<>();
        takers.put(id, taker);
        scheduler.schedule(() -> giveUp(id, taker), TAKE_OVER_SECONDS, TimeUnit.SECONDS);
        live.replaced();
        return taker;
    }

    private synchronized boolean removeWaiting(String id, Parked stay) {
        return waiting.remove(id, stay);
    }

    private synchronized void giveUp(String id, CompletableFuture<XmppSession> taker) {
        if (takers.remove(id, taker)) {
            taker.complete(null);
        }
    }

    /** One stay of a session in the waiting ones; compared by identity. */
    private static final class Parked {
        private final XmppSession session;

        private Parked(XmppSession session) {
            this.session = session;
        }
    }
}
