package im.parley.messaging;

import im.parley.config.ParleySettings;
import im.parley.monitoring.ParleyMetrics;
import im.parley.session.SessionEndpoint;
import im.parley.session.SessionRegistry;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Group commit of accepted messages: one writer records everything accepted since its last
 * transaction in the next one, so many senders share the cost of a commit. A message is
 * handed to this node's sessions only after it is recorded (nobody sees a message that a
 * crash could still lose), and its sender learns the outcome at the same time, which is
 * when an XMPP client's message counts as handled (XEP-0198).
 */
@ApplicationScoped
public class GroupCommit {
    private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());
    /** Enough to share a commit among many senders, few enough to keep each transaction short. */
    private static final int MAX_BATCH = 200;

    private final Queue<Acceptance> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();

    @Resource
    private ManagedExecutorService executor;

    @EJB
    private ArchiveWriter writer;

    @EJB
    private SessionRegistry sessions;

    @EJB
    private Redelivery redelivery;

    @Inject
    private ParleyMetrics metrics;

    @Inject
    private ParleySettings settings;

    CompletableFuture<Delivery> submit(Acceptance accepted) {
        waiting.add(accepted);
        startWriter();
        return accepted.outcome();
    }

    private void startWriter() {
        if (!writing.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(this::writeAll);
        } catch (RejectedExecutionException e) {
            // The application is stopping: nothing will record what waits, so its senders hear so.
            writing.set(false);
            for (Acceptance left; (left = waiting.poll()) != null; ) {
                left.fail(e);
            }
        }
    }

    private void writeAll() {
        try {
            for (List<Acceptance> batch = next(); !batch.isEmpty(); batch = next()) {
                write(batch);
            }
        } finally {
            writing.set(false);
        }
        if (!waiting.isEmpty()) {
            startWriter(); // accepted between the last look and the flag going down
        }
    }

    private List<Acceptance> next() {
        List<Acceptance> batch = new ArrayList<>();
        for (Acceptance accepted; batch.size() < MAX_BATCH && (accepted = waiting.poll()) != null; ) {
            batch.add(accepted);
        }
        return batch;
    }

    private void write(List<Acceptance> batch) {
        try {
            writer.record(batch);
        } catch (RuntimeException e) {
            if (batch.size() > 1) {
                // One message the database refuses must not cost the others theirs.
                batch.forEach(accepted -> write(List.of(accepted)));
            } else {
                LOG.log(Level.WARNING, "Could not record message " + batch.get(0).message().id(), e);
                batch.get(0).fail(e);
            }
            return;
        }
        String here = settings.node();
        for (Acceptance accepted : batch) {
            try {
                if (!accepted.refused()) {
                    handToLocalSessions(accepted, here);
                }
            } catch (RuntimeException e) {
                // Recorded but perhaps not handed over: the offline store keeps it for the next sign-in.
                LOG.log(Level.WARNING, "Message " + accepted.message().id() + " not handed to its sessions", e);
                redelivery.storeUndelivered(accepted.message().id());
            } finally {
                accepted.complete();
            }
        }
    }

    /**
     * The recorded message goes to its sessions on this node. If none of them can take an
     * original any more and no other node has one, it goes to the offline store.
     */
    private void handToLocalSessions(Acceptance accepted, String here) {
        InstantMessageData message = accepted.message().data();
        boolean originalsHere = false;
        boolean originalsElsewhere = false;
        boolean taken = false;
        for (DeliveryTarget target : accepted.targets()) {
            if (!target.isOn(here)) {
                originalsElsewhere |= target.isOriginal();
                continue;
            }
            originalsHere |= target.isOriginal();
            SessionEndpoint endpoint = sessions.endpoint(target.session().sessionId()).orElse(null);
            if (endpoint != null && SessionRegistry.handOver(endpoint, message, target.copy()) && target.isOriginal()) {
                metrics.delivered(message);
                taken = true;
            }
        }
        if (originalsHere && !taken && !originalsElsewhere) {
            redelivery.storeUndelivered(message.id());
        }
    }
}
