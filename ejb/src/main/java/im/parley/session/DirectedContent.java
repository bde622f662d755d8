package im.parley.session;

import im.parley.event.ParleyEvent;

import java.util.Set;

/**
 * Protocol content addressed from one session to another session directly, which the
 * services carry without reading it: an XMPP IQ between two clients, say. Crosses nodes on
 * the event topic like any other event.
 */
public record DirectedContent(String node, String sessionId, String recipient, String protocol, String content)
        implements ParleyEvent {

    @Override
    public Set<String> recipients() {
        return Set.of(recipient);
    }
}
