package im.parley.messaging;

import java.io.Serializable;
import java.time.Instant;

/**
 * An INSTANT MESSAGE as sessions and archive queries see it. {@code id} is the stable,
 * server-assigned identity; {@code payload} is the sender's extension markup, verbatim.
 */
public record InstantMessageData(String id, String clientId, String sender, String recipient, MessageType type,
                                 String body, String payload, Instant sentAt) implements Serializable {
}
