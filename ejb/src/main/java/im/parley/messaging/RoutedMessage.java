package im.parley.messaging;

import im.parley.event.ParleyEvent;

import java.util.Set;

/** A message for sessions connected to another node, carried there over the event topic. */
public record RoutedMessage(String node, Set<String> sessionIds, String recipient, InstantMessageData message)
        implements ParleyEvent {

    public RoutedMessage {
        sessionIds = Set.copyOf(sessionIds);
    }

    @Override
    public Set<String> recipients() {
        return Set.of(recipient);
    }
}
