package im.parley.testsupport;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

/** A bare socket that speaks XMPP by hand, for sending what no proper client would. */
public final class RawXmppClient implements AutoCloseable {
    public static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' to='" + Fixtures.DOMAIN + "' version='1.0'>";

    private final int port;
    private final String header;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final StringBuilder received = new StringBuilder();
    private boolean closedByServer;

    public RawXmppClient() throws IOException {
        this(XmppClients.port(), HEADER);
    }

    /** A connection to another port of the test server, whose streams open with {@code header}. */
    public RawXmppClient(int port, String header) throws IOException {
        this.port = port;
        this.header = header;
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(200);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    public RawXmppClient send(String xml) throws IOException {
        out.write(xml.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    /** Reads until the text appears, the server closes, or 20 s pass; returns all read so far. */
    public String readUntil(String marker) throws IOException {
        long deadline = System.currentTimeMillis() + 20_000;
        byte[] buffer = new byte[8192];
        while (!received.toString().contains(marker) && !closedByServer && System.currentTimeMillis() < deadline) {
            try {
                int n = in.read(buffer);
                if (n < 0) {
                    closedByServer = true;
                } else {
                    received.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (SocketTimeoutException e) {
                // keep waiting
            } catch (IOException e) {
                closedByServer = true;
            }
        }
        return received.toString();
    }

    /** Waits for the server to close the connection. */
    public boolean closedByServer() throws IOException {
        readUntil("\u0000never");
        return closedByServer;
    }

    /** Opens the stream and negotiates TLS (RFC 6120 section 5), ready for a new stream header. */
    public RawXmppClient secure() throws IOException, GeneralSecurityException {
        send(header);
        readUntil("</stream:features>");
        send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        readUntil("<proceed");
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[]{new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] chain, String type) {
            }

            public void checkServerTrusted(X509Certificate[] chain, String type) {
            }

            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        SSLSocket secured = (SSLSocket) tls.getSocketFactory().createSocket(socket, "127.0.0.1", port, true);
        secured.setSoTimeout(200);
        secured.startHandshake();
        socket = secured;
        in = secured.getInputStream();
        out = secured.getOutputStream();
        received.setLength(0);
        send(header);
        readUntil("</stream:features>");
        return this;
    }

    /** Signs in with PLAIN and binds a resource (RFC 6120 sections 6 and 7); returns the features seen. */
    public String signIn(String user, String password, String resource) throws IOException, GeneralSecurityException {
        String features = authenticate(user, password);
        send("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>" + resource
                + "</resource></bind></iq>");
        readUntil("</iq>");
        forget();
        return features;
    }

    /** Negotiates TLS and authenticates (SASL PLAIN), up to the features of the new stream; binds nothing. */
    public String authenticate(String user, String password) throws IOException, GeneralSecurityException {
        secure();
        String plain = java.util.Base64.getEncoder().encodeToString(("\u0000" + user + "\u0000" + password)
                .getBytes(StandardCharsets.UTF_8));
        send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain + "</auth>");
        readUntil("<success");
        forget();
        send(HEADER);
        return readUntil("</stream:features>");
    }

    public void forget() {
        received.setLength(0);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
