package im.parley.event;

import im.parley.session.SessionRegistry;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

import java.io.Serializable;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's listener on the event topic (bound to the activation spec {@code parley/events}
 * in ibm-ejb-jar-bnd.xml). Each node has its own non-durable subscription, and hands each
 * event another node published to the sessions connected to it; its own events reached them
 * already, as {@link LocalDelivery} handed them over, so the subscription's message selector
 * keeps them back (messaging-local.xml, messaging-remote.xml), and they are skipped here too should a configuration lack it.
 */
@MessageDriven
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class EventListener implements MessageListener {
    private static final Logger LOG = Logger.getLogger(EventListener.class.getName());

    @EJB
    private SessionRegistry sessions;

    @Inject
    private LocalDelivery localDelivery;

    @EJB
    private EventSubscription subscription;

    @Override
    public void onMessage(Message message) {
        Serializable body;
        try {
            if (message.propertyExists(EventPublisher.ECHO)) {
                if (sessions.node().equals(message.getStringProperty(EventPublisher.ECHO))) {
                    subscription.echoed();
                }
                return;
            }
            if (sessions.node().equals(message.getStringProperty(EventPublisher.ORIGIN))) {
                return;
            }
            body = message.getBody(Serializable.class);
        } catch (JMSException e) {
            // A message we cannot read will not become readable on redelivery.
            LOG.log(Level.SEVERE, "Unreadable event on the event topic", e);
            return;
        }
        if (body instanceof ParleyEvent event) {
            localDelivery.handOver(event);
        } else {
            LOG.severe(() -> "Unexpected object on the event topic: " + body);
        }
    }
}
