package im.parley.event;

import im.parley.config.ParleySettings;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Topic;

/**
 * Publishes events: to this node's sessions directly once the transaction commits
 * ({@link LocalDelivery}), and on the event topic for the other nodes. Called inside a
 * service's transaction, the send is part of it: an event is seen only if the change that
 * caused it commits.
 */
@ApplicationScoped
public class EventPublisher {
    /** The message property naming the node that published an event; its own listener skips it. */
    public static final String ORIGIN = "parleyOrigin";
    /** The message property marking an echo ({@link EventSubscription}); its value is the node that sent it. */
    static final String ECHO = "parleyEcho";

    @Resource(lookup = "jms/parley/connectionFactory")
    private ConnectionFactory connectionFactory;

    @Resource(lookup = "jms/parley/events")
    private Topic topic;

    @Inject
    private ParleySettings settings;

    @Inject
    private LocalDelivery localDelivery;

    public void publish(ParleyEvent event) {
        if (event.recipients().isEmpty()) {
            return;
        }
        localDelivery.afterCommit(event);
        try (JMSContext context = connectionFactory.createContext()) {
            context.createProducer().setProperty(ORIGIN, settings.node()).send(topic, event);
        }
    }

    /** An echo for this node's own listener; without an origin, which its selector would keep back. */
    public void echo() {
        try (JMSContext context = connectionFactory.createContext()) {
            context.createProducer().setProperty(ECHO, settings.node()).send(topic, "echo");
        }
    }
}
