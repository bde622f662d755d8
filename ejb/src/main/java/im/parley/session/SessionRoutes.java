package im.parley.session;

import im.parley.account.Address;
import im.parley.event.EventPublisher;
import im.parley.presence.BasicStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's view of every principal's sessions in the cluster, for routing messages
 * without reading them for each message (two or three queries per chat message before).
 * A principal's routes are forgotten on every node when its presence changes (a
 * {@code PresenceNotification} about it, which every session opening, closing or changing
 * priority causes) and when a session changes what it wants ({@link SessionRoutesChanged}).
 */
@ApplicationScoped
public class SessionRoutes {
    private static final int MAX_KEPT = 200_000;

    private final Map<String, List<SessionRoute>> kept = new ConcurrentHashMap<>();
    /** Counts forgets, so routes read while one happened are not kept (they may be the old ones). */
    private final AtomicLong forgets = new AtomicLong();

    @PersistenceContext(unitName = "parley")
    private EntityManager em;

    @Inject
    private EventPublisher events;

    /** Every session of the principal, joining the caller's transaction to read them when not kept. */
    public List<SessionRoute> of(Address principal) {
        String bare = principal.bare().toString();
        List<SessionRoute> known = kept.get(bare);
        if (known != null) {
            return known;
        }
        long before = forgets.get();
        List<SessionRoute> read = read(bare);
        if (kept.size() >= MAX_KEPT) {
            kept.clear();
        }
        if (forgets.get() == before) {
            kept.put(bare, read);
        }
        return read;
    }

    /** Called in the transaction that changes one of the principal's sessions. */
    public void changed(Address principal) {
        String bare = principal.bare().toString();
        forget(bare);
        events.publish(new SessionRoutesChanged(bare));
    }

    public void forget(String principal) {
        forgets.incrementAndGet();
        kept.remove(principal);
    }

    private List<SessionRoute> read(String bare) {
        return em.createQuery("select s, t.status, t.priority from ClientSession s"
                        + " left join PresenceTuple t on t.sessionId = s.id"
                        + " where s.principal = :principal", Object[].class)
                .setParameter("principal", bare)
                .setHint("org.hibernate.readOnly", true)
                .getResultList().stream()
                .map(row -> route((ClientSession) row[0], (BasicStatus) row[1], (Integer) row[2]))
                .toList();
    }

    private static SessionRoute route(ClientSession session, BasicStatus status, Integer priority) {
        int effective = priority == null ? 0 : priority;
        return new SessionRoute(session.id(), session.node(), session.address(), session.receivesCopies(),
                status == BasicStatus.OPEN && effective >= 0, effective);
    }
}
