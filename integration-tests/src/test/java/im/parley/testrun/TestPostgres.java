package im.parley.testrun;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Starts the PostgreSQL server that the integration tests run against when the test run
 * asks for it ({@code PARLEY_DB=postgresql}), before the first test starts Liberty, and
 * stops it after the last. Prepared transactions are enabled: Parley commits database
 * and messaging work together (XA).
 */
public class TestPostgres implements LauncherSessionListener {
    private EmbeddedPostgres postgres;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (!"postgresql".equals(System.getenv("PARLEY_DB")) || postgres != null) {
            return;
        }
        try {
            postgres = EmbeddedPostgres.builder()
                    .setPort(Integer.parseInt(System.getenv("PARLEY_DB_PORT")))
                    .setServerConfig("max_prepared_transactions", "64")
                    .setServerConfig("max_connections", "200")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL for the tests did not start", e);
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL for the tests did not stop", e);
        } finally {
            postgres = null;
        }
    }
}
