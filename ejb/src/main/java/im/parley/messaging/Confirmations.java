package im.parley.messaging;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Confirmations that sessions have taken messages for good, so the inboxes let go of what
 * they kept until then (see {@link Acceptance#keptUntilTaken}): a client confirmed them
 * (XEP-0198 acknowledgements, a live stream's acknowledgements), or the node of a session
 * that does not confirm handed them over. One writer applies everything confirmed since its
 * last transaction in the next one, as {@link GroupCommit} does for accepted messages: one
 * transaction per acknowledgement could not keep up with 5,000 messages/s in the benchmark.
 */
@ApplicationScoped
public class Confirmations {
    private static final Logger LOG = Logger.getLogger(Confirmations.class.getName());
    /** Enough to share a transaction among many confirmations, few enough for one IN list. */
    private static final int MAX_BATCH = 500;

    @Resource
    private ManagedExecutorService executor;

    @EJB
    private Redelivery redelivery;

    private SingleWriter<String> queue;

    @PostConstruct
    void start() {
        // Not applied when the application stops: those messages stay in their inboxes and are
        // delivered again at the next sign-in (at least once, never lost).
        queue = new SingleWriter<>(MAX_BATCH, executor, this::apply, (left, stopping) ->
                LOG.log(Level.INFO, left.size() + " confirmations not applied: the application is stopping", stopping));
    }

    /** These messages were taken for good; returns at once, the inboxes follow shortly. */
    public void taken(Collection<String> messageIds) {
        queue.addAll(messageIds);
    }

    private void apply(List<String> messageIds) {
        try {
            redelivery.taken(messageIds);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, messageIds.size() + " taken messages stay in their inboxes"
                    + " (they may be delivered again)", e);
        }
    }
}
