package im.parley.messaging;

import jakarta.ejb.Asynchronous;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts a message that was routed to sessions which then could not take it into the
 * recipient's offline store, and lets go of one the store kept until a session had taken
 * it (another node handed it over, or the client confirmed it). The quota does not apply here: the message was accepted
 * already, and an accepted message is never dropped.
 */
@Stateless
public class Redelivery {
    @PersistenceContext(unitName = "parley")
    private EntityManager em;

    /**
     * Sessions have taken these messages for good ({@link Confirmations}): the inboxes let go
     * of those they kept until then. One transaction for all of them; the inboxes are locked
     * in id order, as the group commit locks them, so the two cannot deadlock.
     */
    public void taken(List<String> messageIds) {
        List<InboxEntry> entries = em.createQuery(
                        "select e from InboxEntry e join fetch e.message where e.messageId in :ids", InboxEntry.class)
                .setParameter("ids", messageIds)
                .getResultList();
        Map<Long, List<InboxEntry>> byInbox = new TreeMap<>();
        entries.forEach(entry -> byInbox.computeIfAbsent(entry.inbox(), id -> new ArrayList<>()).add(entry));
        byInbox.forEach((owner, kept) -> {
            InstantInbox inbox = em.find(InstantInbox.class, owner, LockModeType.PESSIMISTIC_WRITE);
            kept.forEach(entry -> {
                inbox.handedOver(entry);
                em.remove(entry);
            });
        });
    }

    @Asynchronous
    public void storeUndelivered(String messageId) {
        InstantMessage message = em.find(InstantMessage.class, messageId);
        if (message == null || message.state() == MessageState.STORED || em.find(InboxEntry.class, messageId) != null) {
            return; // kept already, perhaps while it was routed here
        }
        InstantInbox inbox = em.createQuery(
                        "select i from InstantInbox i where i.owner.address = :address", InstantInbox.class)
                .setParameter("address", message.recipientBare().toString())
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getSingleResult();
        em.persist(inbox.keep(message));
    }
}
