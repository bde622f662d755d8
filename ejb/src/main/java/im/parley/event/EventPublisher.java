package im.parley.event;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Topic;

/**
 * Publishes events on the event topic. Called inside a service's transaction, the send
 * is part of it: an event is seen by the nodes only if the change that caused it commits.
 */
@ApplicationScoped
public class EventPublisher {
    @Resource(lookup = "jms/parley/connectionFactory")
    private ConnectionFactory connectionFactory;

    @Resource(lookup = "jms/parley/events")
    private Topic topic;

    public void publish(ParleyEvent event) {
        if (event.recipients().isEmpty()) {
            return;
        }
        try (JMSContext context = connectionFactory.createContext()) {
            context.createProducer().send(topic, event);
        }
    }
}
