package im.parley.session;

import im.parley.config.ParleySettings;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells the cluster this node is alive, and ends the sessions of a node that has stopped
 * telling it: its users are not there any more, so their contacts see them unavailable and
 * messages for them wait in their inboxes instead of being routed to a node that is gone.
 * A node that comes back closes what is left of its previous run itself at start-up.
 */
@Singleton
@DependsOn("SchemaMigration")
public class NodeLiveness {
    private static final Logger LOG = Logger.getLogger(NodeLiveness.class.getName());
    /** How long a node may stay silent (three missed beats and then some) before it counts as gone. */
    static final Duration SILENCE = Duration.ofSeconds(20);

    @PersistenceContext(unitName = "parley")
    private EntityManager em;

    @Inject
    private ParleySettings settings;

    @EJB
    private SessionRegistry sessions;

    /** This bean through the container, so each step runs in a transaction of its own. */
    @EJB
    private NodeLiveness self;

    @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void beat() {
        try {
            self.seen();
            int dropped = sessions.dropSessionsClosedElsewhere();
            if (dropped > 0) {
                LOG.warning(() -> "Another node closed " + dropped + " of this node's sessions while it was silent;"
                        + " their connections end, so that their clients sign in again");
            }
            self.silentNodes().forEach(this::endSessionsOfSilent);
        } catch (RuntimeException e) {
            // The database may be unreachable for a moment; the next beat tries again.
            LOG.log(Level.WARNING, "Node liveness could not be recorded or checked", e);
        }
    }

    /** One silent node's clean-up failing (its row locked, say) does not keep the others' from happening. */
    private void endSessionsOfSilent(String node) {
        try {
            int closed = self.endSessionsOf(node);
            if (closed > 0) {
                LOG.warning(() -> "Node " + node + " has been silent for over " + SILENCE.toSeconds()
                        + " s: closed its " + closed + " sessions");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not end the sessions of silent node " + node
                    + " (its row is locked by another node ending them, or by a transaction it left open);"
                    + " the next beat tries again", e);
        }
    }

    /** This node is alive now. */
    public void seen() {
        Instant now = Instant.now();
        ClusterNode me = em.find(ClusterNode.class, settings.node());
        if (me == null) {
            em.persist(new ClusterNode(settings.node(), now));
        } else {
            me.seen(now);
        }
    }

    /**
     * Other nodes that have sessions on record, opened before the silence limit, and no beat
     * since it. A node that died (or was paused) before its first beat has no row at all,
     * and its sessions must end too.
     */
    public List<String> silentNodes() {
        Instant limit = Instant.now().minus(SILENCE);
        return em.createQuery("select distinct s.node from ClientSession s where s.node <> :me"
                        + " and s.openedAt < :limit and not exists (select n from ClusterNode n"
                        + " where n.name = s.node and n.lastSeen >= :limit)", String.class)
                .setParameter("me", settings.node())
                .setParameter("limit", limit)
                .getResultList();
    }

    /**
     * Ends a silent node's sessions, as its own start-up would. The node's row is locked and
     * checked again first, so two live nodes do not both end them, and a node that spoke
     * up meanwhile keeps them; a node that never beat gets a row for this (a second node
     * inserting it at the same moment fails, and tries again at its next beat).
     */
    public int endSessionsOf(String node) {
        Instant limit = Instant.now().minus(SILENCE);
        // Without waiting (NOWAIT): a beat stuck behind a lock would stop this node's own
        // beats, and the others would take it for dead too.
        ClusterNode silent = em.find(ClusterNode.class, node, LockModeType.PESSIMISTIC_WRITE,
                Map.of("jakarta.persistence.lock.timeout", 0));
        if (silent == null) {
            silent = new ClusterNode(node, Instant.EPOCH);
            em.persist(silent);
            em.flush();
        }
        if (!silent.silentSince(limit)) {
            return 0;
        }
        return sessions.closeRecordedSessions(node, limit);
    }
}
