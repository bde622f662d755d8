package im.parley.messaging;

import java.io.Serializable;

/**
 * What the instant message service did with an accepted message: its stable id, and
 * whether it went to open sessions or to the offline store.
 */
public record Delivery(String messageId, MessageState state, int sessions) implements Serializable {
}
