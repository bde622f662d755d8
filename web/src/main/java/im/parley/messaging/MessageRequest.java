package im.parley.messaging;

/** An instant message to send; {@code type} CHAT when absent, {@code id} the sender's own optional id. */
public record MessageRequest(String to, MessageType type, String body, String id) {
}
