package im.parley.monitoring;

import im.parley.messaging.MessageService;
import im.parley.session.SessionRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

import java.util.List;

/**
 * The gauges of /metrics, registered once the services are up, so every series is there from
 * the first scrape: client sessions on this node by protocol, and messages in offline stores.
 */
@Singleton
@Startup
@DependsOn("SessionRegistry")
public class MetricGauges {
    private static final List<String> PROTOCOLS = List.of("xmpp", "http");

    @Inject
    private MetricRegistry registry;

    @EJB
    private SessionRegistry sessions;

    @EJB
    private MessageService messages;

    @PostConstruct
    void register() {
        Metadata sessionGauge = Metadata.builder().withName("parley_sessions")
                .withDescription("Client sessions open on this node, by protocol").build();
        for (String protocol : PROTOCOLS) {
            registry.gauge(sessionGauge, () -> sessions.localCount(protocol), new Tag("protocol", protocol));
        }
        registry.gauge(Metadata.builder().withName("parley_offline_messages")
                        .withDescription("Messages waiting in offline stores (all nodes)").build(),
                () -> messages.totalStored());
    }
}
