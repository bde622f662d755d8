package im.parley.monitoring;

import im.parley.event.ParleyEvent;
import im.parley.messaging.InstantMessageData;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

import java.time.Duration;
import java.time.Instant;

/**
 * Parley's counters and timers, served by Liberty at /metrics in Prometheus format (this
 * node's view): stanzas and notifications (per second is their rate) and message delivery
 * latency. The gauges are in {@link MetricGauges}.
 */
@ApplicationScoped
public class ParleyMetrics {
    @Inject
    private MetricRegistry registry;

    private Counter stanzas;
    private Timer delivery;

    @PostConstruct
    void register() {
        stanzas = registry.counter(Metadata.builder().withName("parley_xmpp_stanzas")
                .withDescription("XMPP stanzas received from clients").build());
        delivery = registry.timer(Metadata.builder().withName("parley_message_delivery")
                .withDescription("From a message's acceptance to its hand-over to a recipient session")
                .withUnit(MetricUnits.SECONDS).build());
    }

    public void stanzaReceived() {
        stanzas.inc();
    }

    /** An event (a NOTIFICATION, a routed message, a cache change) is handed to this node, from here or from the topic. */
    public void eventReceived(ParleyEvent event) {
        registry.counter("parley_notifications", new Tag("kind", event.getClass().getSimpleName())).inc();
    }

    public void delivered(InstantMessageData message) {
        if (message.sentAt() != null) {
            delivery.update(Duration.between(message.sentAt(), Instant.now()));
        }
    }
}
