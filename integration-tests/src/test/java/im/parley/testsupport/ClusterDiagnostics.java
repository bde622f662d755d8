package im.parley.testsupport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * What the shared database and the test server were doing when a cluster test failed:
 * lock waits, transactions left open or prepared, and the test server's threads. A cluster
 * failure that happens once in many runs cannot be reproduced at will, so its evidence has
 * to be taken at the moment it happens.
 */
public final class ClusterDiagnostics {
    private ClusterDiagnostics() {
    }

    /** The database's view in the message; the test server's thread dump in a file under target (its path in the message). */
    public static String describe() {
        StringBuilder report = new StringBuilder("\n-- database sessions in a transaction or waiting:\n");
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + System.getenv("PARLEY_DB_PORT")
                + "/postgres", "postgres", "postgres"); Statement query = db.createStatement()) {
            table(report, query, "select pid, state, xact_start, wait_event_type, wait_event, left(query, 300) as query"
                    + " from pg_stat_activity where datname = 'postgres' and (xact_start is not null or wait_event_type = 'Lock')"
                    + " and pid <> pg_backend_pid()");
            report.append("-- locks not granted:\n");
            table(report, query, "select l.pid, l.locktype, l.relation::regclass as relation, l.mode,"
                    + " pg_blocking_pids(l.pid) as blocked_by from pg_locks l where not l.granted");
            report.append("-- prepared transactions:\n");
            table(report, query, "select gid, prepared from pg_prepared_xacts");
            report.append("-- nodes as the database sees them:\n");
            table(report, query, "select name, last_seen, now() as now from cluster_node");
            report.append("-- sessions on record:\n");
            table(report, query, "select node, principal, resource, protocol, opened_at from client_session order by opened_at");
        } catch (SQLException e) {
            report.append("(could not ask the database: ").append(e).append(")\n");
        }
        report.append("-- test server threads: ").append(threadDump());
        return report.toString();
    }

    private static void table(StringBuilder report, Statement query, String sql) throws SQLException {
        try (ResultSet rows = query.executeQuery(sql)) {
            ResultSetMetaData columns = rows.getMetaData();
            while (rows.next()) {
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    report.append(i == 1 ? "  " : " | ").append(columns.getColumnLabel(i)).append('=').append(rows.getString(i));
                }
                report.append('\n');
            }
        }
    }

    private static String threadDump() {
        try {
            Path wlp = Path.of(System.getProperty("parley.test.wlp"));
            String pid = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().filter(line -> line.contains("ws-server.jar"))
                            .filter(line -> line.matches(".*\\bparleyTest\\b.*")).isPresent())
                    .map(p -> String.valueOf(p.pid())).findFirst().orElseThrow();
            Path dump = wlp.getParent().getParent().resolve("cluster-diagnostics-" + System.currentTimeMillis() + ".txt");
            Process jstack = new ProcessBuilder("jstack", pid).redirectErrorStream(true).redirectOutput(dump.toFile()).start();
            if (!jstack.waitFor(60, TimeUnit.SECONDS)) {
                jstack.destroyForcibly();
            }
            return dump + "\n" + liveness(Files.readString(dump, StandardCharsets.UTF_8));
        } catch (Exception e) {
            return "(no thread dump: " + e + ")";
        }
    }

    /** The stacks that run the node liveness check, the part a cluster test waits for. */
    private static String liveness(String dump) {
        StringBuilder found = new StringBuilder();
        for (String thread : dump.split("\n\n")) {
            if (thread.contains("NodeLiveness")) {
                found.append(thread).append("\n\n");
            }
        }
        return found.isEmpty() ? "(no thread in NodeLiveness)\n" : found.toString();
    }
}
