package im.parley.messaging;

import im.parley.http.Caller;
import im.parley.session.LiveStreams;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import java.util.List;

/**
 * The caller's INSTANT INBOX: the messages stored while none of its sessions was open, for
 * applications that poll, each acknowledged once handled; and the acknowledgements of
 * messages a live stream delivered. (An available live stream empties the inbox by itself.)
 */
@Path("/inbox")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class InstantInboxResource {

    @EJB
    private MessageService messages;

    @Inject
    private LiveStreams streams;

    @Context
    private SecurityContext security;

    /** What waits in the inbox (stored while no session was open), oldest first. */
    @GET
    public List<InstantMessageData> inbox(@QueryParam("max") @DefaultValue("50") int max) {
        return messages.storedMessages(caller().address(), max);
    }

    /**
     * The caller has handled a message: a stored one leaves the inbox; with {@code session},
     * one its live stream delivered is confirmed (otherwise it returns to the inbox when the
     * stream ends).
     */
    @DELETE
    @Path("{id}")
    public void acknowledge(@PathParam("id") String id, @QueryParam("session") String sessionId) {
        if (sessionId == null) {
            messages.acknowledge(caller().address(), id);
        } else {
            streams.acknowledge(caller(), sessionId, id);
        }
    }

    private Caller caller() {
        return Caller.of(security);
    }
}
