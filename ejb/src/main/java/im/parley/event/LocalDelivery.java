package im.parley.event;

import im.parley.monitoring.ParleyMetrics;
import im.parley.presence.PresenceNotification;
import im.parley.presence.SubscriptionNotification;
import im.parley.rules.DeliveryProfileChanged;
import im.parley.rules.DeliveryProfiles;
import im.parley.session.SessionRegistry;
import im.parley.session.SessionRoutes;
import im.parley.session.SessionRoutesChanged;
import im.parley.transaction.AfterCompletion;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands the events a transaction published to this node's sessions once it has committed,
 * before the service call returns to its caller. So what a request caused reaches the other
 * sessions here before the request's own answer does: when Alice removes Bob from her roster,
 * Bob's client has her {@code unsubscribe} before Alice's client has the IQ result, as a client
 * of any single-process server expects. Other nodes get the events over the topic; this
 * node, having published them, also hands them to principals of other domains (federation).
 */
@ApplicationScoped
public class LocalDelivery {
    private static final Logger LOG = Logger.getLogger(LocalDelivery.class.getName());
    private static final Object PENDING = LocalDelivery.class.getName() + ".pending";
    /** A bound on how long a caller waits for its events to be handed over; they still are later. */
    private static final long WAIT_SECONDS = 30;

    @Resource
    private TransactionSynchronizationRegistry transactions;

    @Resource
    private ManagedExecutorService executor;

    @EJB
    private SessionRegistry sessions;

    @Inject
    private DeliveryProfiles profiles;

    @Inject
    private SessionRoutes routes;

    @Inject
    private ParleyMetrics metrics;

    /** Queues the event for this node's sessions: after commit, or now outside a transaction. */
    public void afterCommit(ParleyEvent event) {
        if (transactions.getTransactionStatus() == Status.STATUS_NO_TRANSACTION) {
            deliver(List.of(event));
            return;
        }
        @SuppressWarnings("unchecked")
        List<ParleyEvent> pending = (List<ParleyEvent>) transactions.getResource(PENDING);
        if (pending == null) {
            List<ParleyEvent> events = new ArrayList<>();
            transactions.putResource(PENDING, events);
            transactions.registerInterposedSynchronization(new AfterCompletion(committed -> {
                if (committed) {
                    handOverAndWait(events);
                }
            }));
            pending = events;
        }
        pending.add(event);
    }

    /**
     * Runs the hand-over on another thread and waits for it: the committing thread still has
     * the finished transaction associated, and delivering may read the database (a roster push).
     */
    private void handOverAndWait(List<ParleyEvent> events) {
        Future<?> done = executor.submit(() -> deliver(events));
        try {
            done.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            LOG.warning(() -> "Handing " + events.size() + " events to this node's sessions takes over "
                    + WAIT_SECONDS + " s; the caller goes on without waiting");
        } catch (ExecutionException e) {
            LOG.log(Level.SEVERE, "Handing events to this node's sessions failed", e.getCause());
        }
    }

    private void deliver(List<ParleyEvent> events) {
        for (ParleyEvent event : events) {
            try {
                handOver(event);
                if (event instanceof PresenceNotification || event instanceof SubscriptionNotification) {
                    sessions.deliverToOtherDomains(event);
                }
            } catch (RuntimeException e) {
                // One event that cannot be delivered must not hold back the ones after it.
                LOG.log(Level.SEVERE, "Event not handed to this node's sessions: " + event, e);
            }
        }
    }

    /** Hands one event, from this node or from the topic, to what on this node it concerns. */
    public void handOver(ParleyEvent event) {
        metrics.eventReceived(event);
        if (event instanceof DeliveryProfileChanged changed) {
            profiles.forget(changed.principal());
        } else if (event instanceof SessionRoutesChanged changed) {
            routes.forget(changed.principal());
        } else {
            if (event instanceof PresenceNotification notification) {
                // A tuple of this principal's changed: which of its sessions are open may have too.
                routes.forget(notification.presentity());
            }
            sessions.deliver(event);
        }
    }
}
