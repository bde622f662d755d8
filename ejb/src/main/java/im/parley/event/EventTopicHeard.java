package im.parley.event;

/**
 * Fired once this node's subscription to the event topic is live: per-node copies read
 * before then are forgotten, as an event meant to update them may have gone unheard.
 */
public record EventTopicHeard() {
}
