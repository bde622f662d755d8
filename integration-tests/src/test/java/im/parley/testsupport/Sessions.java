package im.parley.testsupport;

import im.parley.account.Address;
import im.parley.presence.PresenceService;
import im.parley.presence.PresenceTupleData;
import im.parley.session.ClientSession;
import im.parley.session.SessionRegistry;

/** A user agent connected to this node: a session with a recording endpoint. */
public record Sessions(SessionRegistry registry, PresenceService presence) {

    public Agent connect(Address principal, String resource) {
        RecordingEndpoint endpoint = new RecordingEndpoint();
        ClientSession session = registry.open(principal.withResource(resource), "test", endpoint);
        return new Agent(principal, session.id(), endpoint);
    }

    /** Connects and sends initial presence: the session's inbox is open. */
    public Agent goOnline(Address principal, String resource, int priority) {
        Agent agent = connect(principal, resource);
        presence.publish(principal, principal, PresenceTupleData.open(resource).withPriority(priority), agent.sessionId());
        agent.endpoint().await(im.parley.presence.PresenceNotification.class,
                n -> n.presentity().equals(principal.toString()) && n.tuple().tupleKey().equals(resource));
        return agent;
    }

    public record Agent(Address principal, String sessionId, RecordingEndpoint endpoint) {
    }
}
