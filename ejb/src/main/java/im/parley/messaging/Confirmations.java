package im.parley.messaging;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Clients' confirmations of the messages they received (XEP-0198 acknowledgements, live
 * streams' acknowledgements), applied to the inboxes by one writer, everything confirmed
 * since its last transaction in the next one, as {@link GroupCommit} does for accepted
 * messages: with one transaction per acknowledgement, clients that confirm what they
 * receive halved chat throughput in the benchmark.
 */
@ApplicationScoped
public class Confirmations {
    private static final Logger LOG = Logger.getLogger(Confirmations.class.getName());
    /** Enough to share a transaction among many acknowledgements, few enough for one IN list. */
    private static final int MAX_BATCH = 500;

    private final Queue<String> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();

    @Resource
    private ManagedExecutorService executor;

    @EJB
    private Redelivery redelivery;

    void add(List<String> messageIds) {
        waiting.addAll(messageIds);
        startWriter();
    }

    private void startWriter() {
        if (!writing.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(this::writeAll);
        } catch (RejectedExecutionException e) {
            // The application is stopping. The confirmed messages stay in their inboxes and are
            // delivered again at the next sign-in: at least once, never lost.
            writing.set(false);
            LOG.log(Level.INFO, waiting.size() + " confirmations not applied: the application is stopping", e);
        }
    }

    private void writeAll() {
        try {
            for (List<String> batch = next(); !batch.isEmpty(); batch = next()) {
                try {
                    redelivery.confirmed(batch);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, batch.size() + " confirmed messages stay in their inboxes"
                            + " (they may be delivered again)", e);
                }
            }
        } finally {
            writing.set(false);
        }
        if (!waiting.isEmpty()) {
            startWriter(); // confirmed between the last look and the flag going down
        }
    }

    private List<String> next() {
        List<String> batch = new ArrayList<>();
        for (String id; batch.size() < MAX_BATCH && (id = waiting.poll()) != null; ) {
            batch.add(id);
        }
        return batch;
    }
}
