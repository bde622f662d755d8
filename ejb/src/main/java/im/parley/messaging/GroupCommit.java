package im.parley.messaging;

import im.parley.config.ParleySettings;
import im.parley.session.SessionRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;

import java.util.List;
import java.util.concurrent.CompletableFuture;
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
    private static final int MAX_BATCH = 1000;

    @Resource
    private ManagedExecutorService executor;

    @EJB
    private ArchiveWriter writer;

    @EJB
    private SessionRegistry sessions;

    @EJB
    private Redelivery redelivery;

    @Inject
    private ParleySettings settings;

    private SingleWriter<Acceptance> queue;

    @PostConstruct
    void start() {
        // The application is stopping when nothing can record what waits: its senders hear so.
        queue = new SingleWriter<>(MAX_BATCH, executor, this::write,
                (left, stopping) -> left.forEach(accepted -> accepted.fail(stopping)));
    }

    CompletableFuture<Delivery> submit(Acceptance accepted) {
        queue.add(accepted);
        return accepted.outcome();
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
                // Sessions on this node get it as those of other nodes do, from the same routed message.
                RoutedMessage local = accepted.refused() ? null : accepted.routedByNode().get(here);
                if (local != null) {
                    sessions.deliver(local);
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
}
