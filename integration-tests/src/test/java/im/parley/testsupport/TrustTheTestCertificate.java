package im.parley.testsupport;

import javax.net.ssl.X509TrustManager;
import java.security.cert.X509Certificate;

/** The test server's certificates are the self-signed ones it made, so the test clients trust them. */
final class TrustTheTestCertificate implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
