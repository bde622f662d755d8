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

/**
 * Ready only while the XMPP ports accept connections (the client port, and the server port
 * when federation is on), checked as a client would: by connecting.
 */
@Readiness
@ApplicationScoped
public class XmppListenerCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        int port = Integer.parseInt(ServerVariables.text("parley/xmpp/port"));
        int serverPort = Integer.parseInt(ServerVariables.text("parley/xmpp/serverPort"));
        var response = HealthCheckResponse.named("xmpp-listener").withData("port", port);
        try {
            connect(port);
            if (serverPort > 0) {
                // Federation is on: other domains' servers must reach us too.
                response.withData("serverPort", serverPort);
                connect(serverPort);
            }
            return response.up().build();
        } catch (IOException e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }

    private static void connect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        }
    }
}
