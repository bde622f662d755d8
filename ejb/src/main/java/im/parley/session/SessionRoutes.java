package im.parley.session;

import im.parley.account.Address;
import im.parley.event.EventPublisher;
import im.parley.event.EventTopicHeard;
import im.parley.event.NodeCopy;
import im.parley.presence.BasicStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.List;

/**
 * This node's view of every principal's sessions in the cluster, for routing messages
 * without reading them for each message (two or three queries per chat message before).
 * A principal's routes are forgotten on every node when its presence changes (a
 * {@code PresenceNotification} about it, which every session opening, closing or changing
 * priority causes) and when a session changes what it wants ({@link SessionRoutesChanged}).
 */
@ApplicationScoped
public class SessionRoutes {
    private final NodeCopy<List<SessionRoute>> kept = new NodeCopy<>(200_000);

    @PersistenceContext(unitName = "parley")
    private EntityManager em;

    @Inject
    private EventPublisher events;

    /** Every session of the principal, joining the caller's transaction to read them when not kept. */
    public List<SessionRoute> of(Address principal) {
        return kept.get(principal.bare().toString(), this::read);
    }

    /** Called in the transaction that changes one of the principal's sessions. */
    public void changed(Address principal) {
        String bare = principal.bare().toString();
        forget(bare);
        events.publish(new SessionRoutesChanged(bare));
    }

    public void forget(String principal) {
        kept.forget(principal);
    }

    void forgetAll(@Observes EventTopicHeard heard) {
        kept.forgetAll();
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
