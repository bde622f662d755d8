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
    /** The SQL type of each column above, which a null must carry (PostgreSQL checks it). */
    private static final int[] TYPES = {Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
            Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.TIMESTAMP_WITH_TIMEZONE,
            Types.TIMESTAMP_WITH_TIMEZONE, Types.BIGINT, Types.BIGINT};
    private static final String INSERT_ENTRY = "insert into inbox_entry (message_id, principal_id, sent_at) values (?, ?, ?)";

    private ArchiveRows() {
    }

    static void insert(Connection connection, List<InstantMessage> messages, List<InboxEntry> entries)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_MESSAGE)) {
            for (InstantMessage message : messages) {
                Object[] row = message.row();
                for (int i = 0; i < row.length; i++) {
                    bind(insert, i + 1, TYPES[i], row[i]);
                }
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
                bind(insert, 3, Types.TIMESTAMP_WITH_TIMEZONE, entry.message().sentAt());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void bind(PreparedStatement statement, int index, int type, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, type);
        } else if (value instanceof Instant instant) {
            statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
        } else if (value instanceof Long number) {
            statement.setLong(index, number);
        } else {
            statement.setString(index, (String) value);
        }
    }
}
