package im.parley.account;

import im.parley.http.Caller;
import im.parley.http.Requests;
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

/** The caller's bearer tokens: issue one (shown once), list them, revoke one. */
@Path("/tokens")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AccessTokenResource {

    @EJB
    private AccountService accounts;

    @Context
    private SecurityContext security;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response issue(AccessTokenRequest request, @Context UriInfo uri) {
        AccessTokenData token = accounts.issueToken(caller().address(), Requests.body(request).label());
        return Response.created(uri.getAbsolutePathBuilder().path(token.id()).build()).entity(token).build();
    }

    @GET
    public List<AccessTokenData> tokens() {
        return accounts.tokens(caller().address());
    }

    @DELETE
    @Path("{id}")
    public void revoke(@PathParam("id") String id) {
        accounts.revokeToken(caller().address(), id);
    }

    private Caller caller() {
        return Caller.of(security);
    }
}
