package im.parley.conformance;

import org.igniterealtime.smack.inttest.Configuration;
import org.igniterealtime.smack.inttest.FailedTest;
import org.igniterealtime.smack.inttest.SmackIntegrationTestFramework;
import org.igniterealtime.smack.inttest.SmackIntegrationTestFramework.TestRunResult;
import org.igniterealtime.smack.inttest.TestNotPossible;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs Smack's conformance suite against the Parley that the build started, and prints its
 * counts. Parley's certificate is the self-signed one it made on first start, so the suite
 * trusts exactly that certificate, not any certificate.
 * Tests listed in excluded-tests.properties (each with its reason) are not run. Exits 1 when
 * any test that ran failed.
 */
public final class SmackConformanceRun {

    private SmackConformanceRun() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--verdict")) {
            verdict(Path.of(args[1]));
            return;
        }
        awaitXmppPort(Path.of(System.getProperty("conformance.keyStore")));
        trustOnly(Path.of(System.getProperty("conformance.keyStore")),
                System.getProperty("conformance.keyStorePassword").toCharArray());
        Map<String, String> excluded = exclusions(Path.of(System.getProperty("conformance.exclusions")));
        if (!excluded.isEmpty()) {
            System.setProperty("sinttest.disabledTests", String.join(",", excluded.keySet()));
        }

        TestRunResult result = new SmackIntegrationTestFramework(Configuration.newConfiguration(new String[0])).run();

        System.out.println();
        System.out.println("Smack conformance suite (smack-integration-test 4.5.0-beta5) against Parley:");
        System.out.println("  available tests:  " + result.getNumberOfAvailableTests());
        System.out.println("  passed:           " + result.getSuccessfulTests().size());
        System.out.println("  failed:           " + result.getFailedTests().size());
        System.out.println("  not possible:     " + result.getNotPossibleTests().size()
                + " (features Parley does not announce in service discovery)");
        System.out.println("  classes not run:  " + result.getImpossibleTestClasses().size());
        System.out.println("  excluded:         " + excluded.size());
        excluded.forEach((test, reason) -> System.out.println("    " + test + ": " + reason));
        for (TestNotPossible notPossible : result.getNotPossibleTests()) {
            System.out.println("  not possible: " + notPossible.concreteTest + ": "
                    + notPossible.testNotPossibleException.getMessage());
        }
        result.getImpossibleTestClasses().forEach((test, reason) ->
                System.out.println("  class not run: " + test.getName() + ": " + reason.getMessage()));
        StringBuilder failures = new StringBuilder();
        for (FailedTest failed : result.getFailedTests()) {
            System.out.println("  FAILED: " + failed.concreteTest + ": " + failed.failureReason);
            failures.append(failed.concreteTest).append(": ").append(failed.failureReason).append('\n');
        }
        Files.writeString(Path.of(System.getProperty("conformance.verdict")), failures.toString());
        System.exit(result.getFailedTests().isEmpty() ? 0 : 1);
    }

    /** The build's verdict, after the server has stopped: fails when the run recorded failures or did not finish. */
    private static void verdict(Path failures) throws IOException {
        if (!Files.isRegularFile(failures)) {
            System.err.println("The conformance suite did not finish (no " + failures + ")");
            System.exit(1);
        }
        String recorded = Files.readString(failures);
        if (!recorded.isBlank()) {
            System.err.println("Smack conformance tests failed:\n" + recorded);
            System.exit(1);
        }
    }

    /** Liberty reports itself started while the application may still be starting: wait for the listener. */
    private static void awaitXmppPort(Path keyStore) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), 5222), 1000);
                if (Files.isRegularFile(keyStore)) {
                    return;
                }
            } catch (IOException notYet) {
                // The listener is not up yet; try again shortly.
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Parley's XMPP listener did not open port 5222 within 3 minutes");
    }

    /**
     * Makes Parley's self-signed certificate the only one this JVM trusts (a trust store of
     * that one certificate), so every connection the suite makes checks it as a client would.
     */
    private static void trustOnly(Path keyStore, char[] password) throws Exception {
        KeyStore parley = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            parley.load(in, password);
        }
        Certificate certificate = parley.getCertificate(parley.aliases().nextElement());
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("parley", certificate);
        Path trustStore = Files.createTempFile("parley-trust", ".p12");
        try (var out = Files.newOutputStream(trustStore)) {
            trusted.store(out, password);
        }
        trustStore.toFile().deleteOnExit();
        System.setProperty("javax.net.ssl.trustStore", trustStore.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", new String(password));
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    }

    /** Test name (class, or class.method) to the reason it is not run. */
    private static Map<String, String> exclusions(Path file) throws Exception {
        Properties properties = new Properties();
        try (InputStream in = new FileInputStream(file.toFile())) {
            properties.load(in);
        }
        Map<String, String> exclusions = new TreeMap<>();
        properties.forEach((test, reason) -> exclusions.put(test.toString(), reason.toString()));
        return exclusions;
    }
}
