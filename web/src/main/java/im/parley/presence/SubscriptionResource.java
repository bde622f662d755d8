package im.parley.presence;

import im.parley.account.Address;
import im.parley.http.Caller;
import im.parley.http.Requests;
import im.parley.problem.ParleyException;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;

/**
 * The caller's SUBSCRIPTIONS as a WATCHER. NOTIFICATIONS for them arrive on the caller's
 * live streams (GET /api/stream, or the WebSocket /ws).
 */
@Path("/subscriptions")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SubscriptionResource {

    @EJB
    private PresenceService presence;

    @Context
    private SecurityContext security;

    /** Asks to subscribe: 201 with the subscription, ACTIVE at once or PENDING until approved. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response subscribe(SubscriptionRequest request, @Context UriInfo uri) {
        Requests.body(request);
        Address presentity = Address.parse(request.presentity()).bare();
        SubscriptionData subscription = presence.subscribe(caller().address(), presentity, request.expiresAt(),
                PresentityResource.PROTOCOL);
        return Response.created(uri.getAbsolutePathBuilder().path(presentity.toString()).build())
                .entity(subscription).build();
    }

    @GET
    public List<SubscriptionData> subscriptions() {
        return presence.subscriptionsBy(caller().address());
    }

    @GET
    @Path("{presentity}")
    public SubscriptionData subscription(@PathParam("presentity") String presentity) {
        return presence.subscription(caller().address(), Address.parse(presentity))
                .orElseThrow(() -> ParleyException.notFound("No subscription to " + presentity));
    }

    /** Cancels the subscription or the pending request. */
    @DELETE
    @Path("{presentity}")
    public void cancel(@PathParam("presentity") String presentity) {
        presence.cancel(caller().address(), Address.parse(presentity));
    }

    private Caller caller() {
        return Caller.of(security);
    }
}
