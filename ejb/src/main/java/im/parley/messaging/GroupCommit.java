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
import java.util.Objects;
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
        // Sessions on this node get their messages as those of other nodes do, from the same routed message.
        String here = settings.node();
        List<RoutedMessage> local = batch.stream().filter(accepted -> !accepted.refused())
                .map(accepted -> accepted.routedByNode().get(here)).filter(Objects::nonNull).toList();
        List<RoutedMessage> notHandedOver;
        try {
            notHandedOver = local.isEmpty() ? List.of() : sessions.deliverAll(local);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, local.size() + " recorded messages not handed to their sessions", e);
            notHandedOver = local;
        }
        try {
            // Recorded but perhaps not handed over: the offline store keeps them for the next sign-in.
            notHandedOver.forEach(routed -> redelivery.storeUndelivered(routed.message().id()));
        } finally {
            batch.forEach(Acceptance::complete);
        }
    }
}
