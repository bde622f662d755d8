package im.parley.messaging;

import im.parley.account.Address;
import im.parley.http.Caller;
import im.parley.http.Requests;
import im.parley.session.ClientSession;
import im.parley.session.SessionOwnership;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/** The caller as SENDER: send instant messages, and page through the archive of them. */
@Path("/messages")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class MessageResource {

    @EJB
    private MessageService messages;

    @Inject
    private SessionOwnership ownership;

    @Context
    private SecurityContext security;

    /**
     * Sends a message: 202 with what the service did (delivered to open sessions, or stored).
     * With {@code session}, it comes from that stream's full address, so replies can reach it.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response send(@QueryParam("session") String sessionId, MessageRequest request) {
        Requests.body(request);
        ClientSession session = ownership.ownSession(caller(), sessionId);
        Address sender = session == null ? caller().address() : session.address();
        Delivery delivery = messages.send(sender, Address.parse(request.to()),
                request.type() == null ? MessageType.CHAT : request.type(), request.body(), null, request.id());
        return Response.accepted(delivery).build();
    }

    /**
     * A page of the archive, newest page first; {@code before} is the id of the oldest message
     * of the previous page. Within a page, messages are oldest first.
     */
    @GET
    public HistoryPage history(@QueryParam("with") String with, @QueryParam("before") String before,
                               @QueryParam("max") @DefaultValue("50") int max) {
        return messages.history(caller().address(), with == null ? null : Address.parse(with), before, max);
    }

    private Caller caller() {
        return Caller.of(security);
    }
}
