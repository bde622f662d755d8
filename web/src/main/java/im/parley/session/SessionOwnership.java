package im.parley.session;

import im.parley.http.Caller;
import im.parley.problem.ParleyException;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A request may name one of its caller's live streams (a session): presence it publishes is
 * then withdrawn when that stream ends, and messages it sends come from the stream's full address.
 */
@ApplicationScoped
public class SessionOwnership {
    @EJB
    private SessionRegistry sessions;

    /** The caller's session with this id; null when none is named. */
    public ClientSession ownSession(Caller caller, String sessionId) {
        if (sessionId == null || sessionId.isBlank()) {
            return null;
        }
        ClientSession session = sessions.session(sessionId);
        if (!session.principal().equals(caller.address())) {
            throw ParleyException.notFound("No session " + sessionId);
        }
        return session;
    }
}
