package im.parley.presence;

import im.parley.account.Address;
import im.parley.http.Caller;
import im.parley.http.Requests;
import im.parley.session.ClientSession;
import im.parley.session.SessionOwnership;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Variant;

import java.util.List;

/**
 * A PRESENTITY over HTTP: its presence information (JSON or PIDF by content negotiation),
 * the tuples its principals publish, and the presentity's own view of its watchers.
 */
@Path("/presentities")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class PresentityResource {
    static final String PROTOCOL = "http";
    private static final List<Variant> FORMATS = Variant.mediaTypes(
            MediaType.APPLICATION_JSON_TYPE, MediaType.valueOf(Pidf.MEDIA_TYPE)).build();

    @EJB
    private PresenceService presence;

    @Inject
    private SessionOwnership ownership;

    @Context
    private SecurityContext security;

    /** Creates a further presentity the caller controls (a shared support@domain, say). */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(PresentityRequest request, @Context UriInfo uri) {
        Address address = Address.parse(Requests.body(request).address()).bare();
        presence.createPresentity(caller().address(), address);
        return Response.created(uri.getAbsolutePathBuilder().path(address.toString()).build()).build();
    }

    /**
     * A FETCH, as JSON or as PIDF (RFC 3863) by the Accept header, JSON when either will do.
     * Recorded in the presentity's watcher information (as a POLL when regular).
     */
    @GET
    @Path("{address}")
    @Produces({MediaType.APPLICATION_JSON, Pidf.MEDIA_TYPE})
    public Response fetch(@PathParam("address") String address, @Context Request request) {
        Variant variant = request.selectVariant(FORMATS);
        if (variant == null) {
            return Response.notAcceptable(FORMATS).build();
        }
        PresenceInformation information = presence.fetch(caller().address(), Address.parse(address), PROTOCOL);
        Object body = variant.getMediaType().isCompatible(MediaType.APPLICATION_JSON_TYPE) ? information
                : Pidf.write(information);
        return Response.ok(body, variant.getMediaType()).build();
    }

    /** Publishes (adds or replaces) one tuple; with {@code session}, the tuple lasts as long as that stream. */
    @PUT
    @Path("{address}/tuples/{key}")
    @Consumes(MediaType.APPLICATION_JSON)
    public PresenceTupleData publish(@PathParam("address") String address, @PathParam("key") String key,
                                     @QueryParam("session") String sessionId, TupleRequest request) {
        return presence.publish(caller().address(), Address.parse(address), Requests.body(request).toData(key),
                sessionOf(sessionId));
    }

    /** Publishes every tuple of a PIDF document, all or none. */
    @POST
    @Path("{address}/tuples")
    @Consumes(Pidf.MEDIA_TYPE)
    public List<PresenceTupleData> publishPidf(@PathParam("address") String address,
                                               @QueryParam("session") String sessionId, String document) {
        return presence.publishAll(caller().address(), Address.parse(address), Pidf.read(Requests.body(document)),
                sessionOf(sessionId));
    }

    @DELETE
    @Path("{address}/tuples/{key}")
    public void withdraw(@PathParam("address") String address, @PathParam("key") String key) {
        presence.withdraw(caller().address(), Address.parse(address), key);
    }

    /** Lets another principal control the presentity too. */
    @PUT
    @Path("{address}/controllers/{principal}")
    public void addController(@PathParam("address") String address, @PathParam("principal") String principal) {
        presence.addController(caller().address(), Address.parse(address), Address.parse(principal));
    }

    /** WATCHER INFORMATION, filtered by the watchers' visibility rules. */
    @GET
    @Path("{address}/watchers")
    public List<WatcherInformation> watchers(@PathParam("address") String address) {
        return presence.watcherInformation(caller().address(), Address.parse(address));
    }

    /** Every subscription to the presentity: active, pending, pre-approved. */
    @GET
    @Path("{address}/subscribers")
    public List<SubscriptionData> subscribers(@PathParam("address") String address) {
        return presence.subscriptions(caller().address(), Address.parse(address));
    }

    /** Approves a watcher's request, or pre-approves a watcher that has not asked yet. */
    @PUT
    @Path("{address}/subscribers/{watcher}")
    public SubscriptionData approve(@PathParam("address") String address, @PathParam("watcher") String watcher) {
        return presence.approve(caller().address(), Address.parse(address), Address.parse(watcher));
    }

    /** Refuses a pending request or ends a watcher's subscription. */
    @DELETE
    @Path("{address}/subscribers/{watcher}")
    public SubscriptionData deny(@PathParam("address") String address, @PathParam("watcher") String watcher) {
        return presence.deny(caller().address(), Address.parse(address), Address.parse(watcher));
    }

    private String sessionOf(String sessionId) {
        ClientSession session = ownership.ownSession(caller(), sessionId);
        return session == null ? null : session.id();
    }

    private Caller caller() {
        return Caller.of(security);
    }
}
