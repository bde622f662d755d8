package im.parley.session;

/**
 * How a client opens its live stream: on which resource (a random one when null), whether it
 * is available (publishes an OPEN tuple and takes the inbox, like XMPP initial presence), and
 * whether it acknowledges each message it gets (DELETE /api/inbox/{id}?session=...); messages
 * not acknowledged when the stream ends go back to the inbox.
 */
public record StreamOptions(String resource, boolean available, boolean acknowledged) {
}
