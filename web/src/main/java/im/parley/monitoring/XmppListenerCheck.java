package im.parley.monitoring;

import im.parley.config.ServerVariables;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Ready only while the XMPP port accepts connections, checked as a client would: by connecting. */
@Readiness
@ApplicationScoped
public class XmppListenerCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        int port = Integer.parseInt(ServerVariables.text("parley/xmpp/port"));
        var response = HealthCheckResponse.named("xmpp-listener").withData("port", port);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            return response.up().build();
        } catch (IOException e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
