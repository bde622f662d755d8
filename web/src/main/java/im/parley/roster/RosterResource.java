package im.parley.roster;

import im.parley.account.Address;
import im.parley.http.Caller;
import im.parley.http.Requests;
import im.parley.problem.ParleyException;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import java.util.List;
import java.util.Set;

/** The caller's roster: contacts with names, groups and the subscription state both ways. */
@Path("/roster")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class RosterResource {
    private static final String PROTOCOL = "http";

    @EJB
    private RosterService roster;

    @Context
    private SecurityContext security;

    @GET
    public List<RosterItemData> items() {
        return roster.items(caller().address());
    }

    @GET
    @Path("{contact}")
    public RosterItemData item(@PathParam("contact") String contact) {
        return roster.item(caller().address(), Address.parse(contact))
                .orElseThrow(() -> ParleyException.notFound(contact + " is not in the roster"));
    }

    /** Adds or updates a contact (its XMPP clients get a roster push). */
    @PUT
    @Path("{contact}")
    @Consumes(MediaType.APPLICATION_JSON)
    public RosterItemData setItem(@PathParam("contact") String contact, RosterItemRequest request) {
        Requests.body(request);
        return roster.setItem(caller().address(), Address.parse(contact), request.name(),
                request.groups() == null ? Set.of() : request.groups(), PROTOCOL);
    }

    @DELETE
    @Path("{contact}")
    public void removeItem(@PathParam("contact") String contact) {
        roster.removeItem(caller().address(), Address.parse(contact), PROTOCOL);
    }

    private Caller caller() {
        return Caller.of(security);
    }
}
