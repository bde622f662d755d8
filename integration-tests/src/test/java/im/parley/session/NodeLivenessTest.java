package im.parley.session;

import im.parley.account.AccountService;
import im.parley.account.Address;
import im.parley.testsupport.Eventually;
import im.parley.testsupport.Fixtures;
import im.parley.testsupport.ParleyDeployment;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.naming.InitialContext;
import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The sessions of a node that has gone silent end, so its users stop looking available:
 * here a node that died before it ever said it was alive (it has no row in cluster_node),
 * which is what another node's start-up leaves when it is killed within its first seconds.
 */
@ExtendWith(ArquillianExtension.class)
class NodeLivenessTest {

    @Deployment
    static EnterpriseArchive deployment() {
        return ParleyDeployment.with(NodeLivenessTest.class);
    }

    @Inject
    AccountService accounts;

    @Test
    void theSessionsOfANodeThatDiedBeforeItsFirstBeatEnd() throws Exception {
        Address bob = Fixtures.newAccount(accounts, "bob");
        String node = "never-beat-" + UUID.randomUUID();
        String sessionId = recordSession(bob, node, Instant.now().minus(Duration.ofSeconds(30)));

        Eventually.found(30, "the session of a node that never beat stayed on record",
                () -> count("select count(*) from client_session where id = ?", sessionId) == 0
                        ? Optional.of(true) : Optional.empty());
        assertEquals(0, count("select count(*) from presence_tuple where session_id = ?", sessionId),
                "its tuple stayed, so its user still looks available");
    }

    /** What another node's session registry writes when a principal connects there, opened at a given time. */
    private static String recordSession(Address principal, String node, Instant openedAt) throws Exception {
        String sessionId = UUID.randomUUID().toString();
        try (Connection connection = dataSource().getConnection()) {
            try (PreparedStatement session = connection.prepareStatement("insert into client_session"
                    + " (id, principal, resource, node, protocol, opened_at) values (?, ?, 'phone', ?, 'test', ?)")) {
                session.setString(1, sessionId);
                session.setString(2, principal.toString());
                session.setString(3, node);
                session.setTimestamp(4, Timestamp.from(openedAt));
                session.executeUpdate();
            }
            try (PreparedStatement tuple = connection.prepareStatement("insert into presence_tuple"
                    + " (presentity_id, tuple_key, status, priority, session_id, published_at)"
                    + " select id, 'phone', 'OPEN', 0, ?, ? from presentity where address = ?")) {
                tuple.setString(1, sessionId);
                tuple.setTimestamp(2, Timestamp.from(openedAt));
                tuple.setString(3, principal.toString());
                assertEquals(1, tuple.executeUpdate(), "no presentity for " + principal);
            }
        }
        return sessionId;
    }

    private static long count(String sql, String sessionId) {
        try (Connection connection = dataSource().getConnection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, sessionId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException | javax.naming.NamingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DataSource dataSource() throws javax.naming.NamingException {
        return InitialContext.doLookup("jdbc/parley");
    }
}
