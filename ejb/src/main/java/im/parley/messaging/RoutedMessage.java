package im.parley.messaging;

import im.parley.account.Address;
import im.parley.event.ParleyEvent;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A message for sessions connected to another node, carried there over the event topic.
 * When {@code kept}, the recipient's inbox also holds it until that node has handed it to
 * one of the recipient's sessions: should the node be gone, the next sign-in gets it.
 */
public record RoutedMessage(String node, Map<String, MessageCopy> sessions, InstantMessageData message, boolean kept)
        implements ParleyEvent {

    public RoutedMessage {
        sessions = Map.copyOf(sessions);
    }

    /** The recipient, and the sender whose other sessions may get copies. */
    @Override
    public Set<String> recipients() {
        return Set.of(Address.parse(message.recipient()).bare().toString(),
                Address.parse(message.sender()).bare().toString());
    }

    /** The sessions that are the message's recipients, not copies. */
    public Set<String> originals() {
        return sessions.entrySet().stream().filter(e -> e.getValue() == MessageCopy.ORIGINAL)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }
}
