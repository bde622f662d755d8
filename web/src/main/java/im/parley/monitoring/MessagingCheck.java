package im.parley.monitoring;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the messaging engine that carries notifications takes connections. */
@Readiness
@ApplicationScoped
public class MessagingCheck implements HealthCheck {
    @Resource(lookup = "jms/parley/connectionFactory")
    private ConnectionFactory connections;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("messaging-engine");
        try (JMSContext context = connections.createContext()) {
            context.start();
            return response.up().build();
        } catch (JMSRuntimeException e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
