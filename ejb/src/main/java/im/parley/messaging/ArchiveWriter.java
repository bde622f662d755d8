package im.parley.messaging;

import im.parley.config.ParleySettings;
import im.parley.event.EventPublisher;
import im.parley.problem.ParleyException;
import im.parley.session.SessionRegistry;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Records a batch of accepted messages in one transaction (the group commit): each goes to
 * the archive, those without a session into their recipient's offline store, and those for
 * sessions on other nodes onto the event topic (and, until a session of the recipient has
 * taken it, into its inbox: see {@link Acceptance#keptUntilTaken}), all committed together.
 */
@Stateless
public class ArchiveWriter {
    @PersistenceContext(unitName = "parley")
    private EntityManager em;

    @Inject
    private ParleySettings settings;

    @Resource(lookup = "jdbc/parley")
    private DataSource dataSource;

    @Inject
    private EventPublisher events;

    @EJB
    private SessionRegistry sessions;

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void record(List<Acceptance> batch) {
        batch.forEach(Acceptance::retry);
        String here = settings.node();
        Set<String> confirming = sessions.confirmingReceipt(batch.stream()
                .flatMap(accepted -> accepted.originalsOn(here)).collect(Collectors.toSet()));
        // Inboxes are locked in one order everywhere, so two nodes' batches cannot deadlock.
        batch.stream()
                .filter(accepted -> accepted.forInbox() || accepted.keptUntilTaken(here, confirming::contains))
                .sorted(Comparator.comparing(accepted -> accepted.message().recipientId()))
                .forEach(accepted -> {
                    if (accepted.forInbox()) {
                        keepInInbox(accepted);
                    } else {
                        // No quota: the message is accepted already; this only guards the hand-over.
                        accepted.keepUntilTaken(lockedInbox(accepted.message().recipientId()));
                    }
                });
        List<InstantMessage> messages = new ArrayList<>(batch.size());
        List<InboxEntry> entries = new ArrayList<>();
        for (Acceptance accepted : batch) {
            if (!accepted.refused() && accepted.archived()) {
                messages.add(accepted.message());
                accepted.inboxEntry().ifPresent(entries::add);
            }
        }
        // The inboxes' counts above are flushed first, so the database sees them before the entries.
        em.flush();
        try (Connection connection = dataSource.getConnection()) {
            ArchiveRows.insert(connection, messages, entries);
        } catch (SQLException e) {
            throw new PersistenceException("Could not record " + messages.size() + " messages", e);
        }
        for (Acceptance accepted : batch) {
            if (!accepted.refused()) {
                accepted.routedByNode().forEach((node, routed) -> {
                    if (!node.equals(here)) {
                        events.publish(routed);
                    }
                });
            }
        }
    }

    /** The recipient has no session to take the message: its inbox keeps it if there is room. */
    private void keepInInbox(Acceptance accepted) {
        InstantInbox inbox = lockedInbox(accepted.inboxOwner());
        if (!inbox.hasRoomFor(accepted.quota())) {
            accepted.refuse(ParleyException.refused("The offline store of "
                    + accepted.message().recipientBare() + " is full"));
            return;
        }
        accepted.keep(inbox);
    }

    private InstantInbox lockedInbox(long owner) {
        return em.find(InstantInbox.class, owner, LockModeType.PESSIMISTIC_WRITE);
    }

}
