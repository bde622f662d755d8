package im.parley.event;

import im.parley.account.AccountService;
import im.parley.account.Address;
import im.parley.messaging.Delivery;
import im.parley.messaging.MessageService;
import im.parley.messaging.MessageState;
import im.parley.messaging.MessageType;
import im.parley.messaging.RoutedMessage;
import im.parley.presence.PresenceNotification;
import im.parley.presence.PresenceService;
import im.parley.presence.PresenceTupleData;
import im.parley.testsupport.Fixtures;
import im.parley.testsupport.ParleyDeployment;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Topic;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.naming.InitialContext;
import javax.sql.DataSource;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What crosses between nodes travels on the event topic: a listener of another node,
 * here a plain JMS subscriber, sees NOTIFICATIONS and messages routed to that node's sessions.
 */
@ExtendWith(ArquillianExtension.class)
class EventTopicTest {

    @Deployment
    static EnterpriseArchive deployment() {
        return ParleyDeployment.with(EventTopicTest.class);
    }

    @Inject
    AccountService accounts;
    @Inject
    PresenceService presence;
    @Inject
    MessageService messages;

    private static <T extends Serializable> T next(JMSConsumer consumer, Class<T> type, Predicate<T> match)
            throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            var message = consumer.receive(1000);
            if (message != null) {
                Serializable body = message.getBody(Serializable.class);
                if (type.isInstance(body) && match.test(type.cast(body))) {
                    return type.cast(body);
                }
            }
        }
        return null;
    }

    private static JMSContext topicContext() throws Exception {
        ConnectionFactory factory = InitialContext.doLookup("jms/parley/connectionFactory");
        return factory.createContext();
    }

    @Test
    void aPresenceChangeIsPublishedOnceForEveryNodeToFanOut() throws Exception {
        Address alice = Fixtures.newAccount(accounts, "alice");
        Address bob = Fixtures.newAccount(accounts, "bob");
        presence.subscribe(bob, alice, null, "test");
        presence.approve(alice, alice, bob);
        try (JMSContext context = topicContext()) {
            JMSConsumer otherNode = context.createConsumer(InitialContext.<Topic>doLookup("jms/parley/events"));

            presence.publish(alice, alice, PresenceTupleData.open("phone"), null);

            PresenceNotification seen = next(otherNode, PresenceNotification.class,
                    n -> n.presentity().equals(alice.toString()));
            assertNotNull(seen, "no notification on the topic");
            assertEquals(Set.of(alice.toString(), bob.toString()), seen.recipients());
        }
    }

    @Test
    void aMessageForASessionOnAnotherNodeIsRoutedToThatNode() throws Exception {
        Address alice = Fixtures.newAccount(accounts, "alice");
        Address bob = Fixtures.newAccount(accounts, "bob");
        String sessionOnNode2 = openSessionOnAnotherNode(bob, "node2", "tablet");
        try (JMSContext context = topicContext()) {
            JMSConsumer node2 = context.createConsumer(InitialContext.<Topic>doLookup("jms/parley/events"));

            Delivery delivery = messages.send(alice.withResource("pc"), bob, MessageType.CHAT, "over there", null, null);

            assertEquals(MessageState.DELIVERED, delivery.state());
            RoutedMessage routed = next(node2, RoutedMessage.class,
                    m -> m.message().id().equals(delivery.messageId()));
            assertNotNull(routed, "the message was not routed over the topic");
            assertEquals("node2", routed.node());
            assertEquals(Set.of(sessionOnNode2), routed.sessions().keySet());
            assertTrue(routed.kept(), "no session of bob's is here: his inbox keeps it until node2 confirms");
        }
    }

    /** What another node's session registry writes when a principal connects there. */
    private static String openSessionOnAnotherNode(Address principal, String node, String resource) throws Exception {
        DataSource dataSource = InitialContext.doLookup("jdbc/parley");
        String sessionId = UUID.randomUUID().toString();
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement session = connection.prepareStatement("insert into client_session"
                    + " (id, principal, resource, node, protocol, opened_at) values (?, ?, ?, ?, 'test', ?)")) {
                session.setString(1, sessionId);
                session.setString(2, principal.toString());
                session.setString(3, resource);
                session.setString(4, node);
                session.setTimestamp(5, now);
                session.executeUpdate();
            }
            try (PreparedStatement tuple = connection.prepareStatement("insert into presence_tuple"
                    + " (presentity_id, tuple_key, status, priority, session_id, published_at)"
                    + " select id, ?, 'OPEN', 0, ?, ? from presentity where address = ?")) {
                tuple.setString(1, resource);
                tuple.setString(2, sessionId);
                tuple.setTimestamp(3, now);
                tuple.setString(4, principal.toString());
                tuple.executeUpdate();
            }
        }
        return sessionId;
    }
}
