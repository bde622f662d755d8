package im.parley.messaging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Writes a batch's archive rows and inbox entries with plain JDBC batches on the
 * transaction's connection. The group commit writes thousands of rows a second that
 * nothing reads back in the same transaction; through the entity manager each costs a
 * persist, dirty tracking and a flush, about a seventh of the server's time in the chat
 * benchmark.
 */
final class ArchiveRows {
    private static final String INSERT_MESSAGE = "insert into instant_message (id, client_id, sender, sender_bare,"
            + " recipient, recipient_bare, message_type, body, payload, state, sent_at, delivered_at, sender_id,"
            + " recipient_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_ENTRY = "insert into inbox_entry (message_id, principal_id, sent_at) values (?, ?, ?)";

    /** The columns of one {@code instant_message} row. */
    record Row(String id, String clientId, String sender, String senderBare, String recipient, String recipientBare,
               String type, String body, String payload, String state, Instant sentAt, Instant deliveredAt,
               Long senderId, Long recipientId) {
    }

    private ArchiveRows() {
    }

    static void insert(Connection connection, List<InstantMessage> messages, List<InboxEntry> entries)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_MESSAGE)) {
            for (InstantMessage message : messages) {
                Row row = message.row();
                insert.setString(1, row.id());
                text(insert, 2, row.clientId());
                insert.setString(3, row.sender());
                insert.setString(4, row.senderBare());
                insert.setString(5, row.recipient());
                insert.setString(6, row.recipientBare());
                insert.setString(7, row.type());
                text(insert, 8, row.body());
                text(insert, 9, row.payload());
                insert.setString(10, row.state());
                time(insert, 11, row.sentAt());
                time(insert, 12, row.deliveredAt());
                number(insert, 13, row.senderId());
                number(insert, 14, row.recipientId());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        if (entries.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_ENTRY)) {
            for (InboxEntry entry : entries) {
                insert.setString(1, entry.message().id());
                insert.setLong(2, entry.inbox());
                time(insert, 3, entry.message().sentAt());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    // A null must carry its column's SQL type: PostgreSQL checks it.

    private static void text(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    private static void time(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }

    private static void number(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }
}
