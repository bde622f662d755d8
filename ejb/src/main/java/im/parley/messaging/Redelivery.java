package im.parley.messaging;

import jakarta.ejb.Asynchronous;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

/**
 * Puts a message that was routed to sessions which then could not take it into the
 * recipient's offline store. The quota does not apply here: the message was accepted
 * already, and an accepted message is never dropped.
 */
@Stateless
public class Redelivery {
    @PersistenceContext(unitName = "parley")
    private EntityManager em;

    @Asynchronous
    public void storeUndelivered(String messageId) {
        InstantMessage message = em.find(InstantMessage.class, messageId);
        if (message == null || message.state() == MessageState.STORED) {
            return;
        }
        InstantInbox inbox = em.createQuery(
                        "select i from InstantInbox i where i.owner.address = :address", InstantInbox.class)
                .setParameter("address", message.recipientBare().toString())
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getSingleResult();
        em.persist(inbox.keep(message));
    }
}
