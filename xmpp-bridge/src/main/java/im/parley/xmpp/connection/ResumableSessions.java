package im.parley.xmpp.connection;

import io.netty.util.concurrent.EventExecutorGroup;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Sessions whose connection dropped while XEP-0198 resumption was enabled: each waits here
 * for a new connection to resume it, and ends when its time is up.
 */
public final class ResumableSessions {
    private final ConcurrentMap<String, XmppSession> waiting = new ConcurrentHashMap<>();
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

    public void park(XmppSession session, Runnable onExpiry) {
        String id = session.streamId();
        waiting.put(id, session);
        scheduler.schedule(() -> {
            if (waiting.remove(id, session)) {
                onExpiry.run();
            }
        }, seconds, TimeUnit.SECONDS);
    }

    /** The waiting session with this id, taken for resumption; null if there is none. */
    public XmppSession take(String id) {
        return id == null ? null : waiting.remove(id);
    }
}
