package im.parley.account;

import im.parley.http.Caller;
import im.parley.http.Requests;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
 * Accounts (PRINCIPALS). Creating, listing and deleting them is for administrators; anyone
 * may read their own account and change their own password.
 */
@Path("/accounts")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    @EJB
    private AccountService accounts;

    @Context
    private SecurityContext security;

    @GET
    public List<AccountData> accounts() {
        caller().requireAdmin();
        return accounts.accounts();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(AccountRequest request, @Context UriInfo uri) {
        caller().requireAdmin();
        Requests.body(request);
        Address created = accounts.create(Address.parse(request.address()), request.password(), request.admin());
        return Response.created(uri.getAbsolutePathBuilder().path(created.toString()).build())
                .entity(accounts.account(created)).build();
    }

    @GET
    @Path("{address}")
    public AccountData account(@PathParam("address") String address) {
        return accounts.account(ownOrAdmin(address));
    }

    @PUT
    @Path("{address}/password")
    @Consumes(MediaType.APPLICATION_JSON)
    public void changePassword(@PathParam("address") String address, PasswordRequest request) {
        accounts.changePassword(ownOrAdmin(address), Requests.body(request).password());
    }

    /** Deletes an account and everything that is its; its sessions end first. */
    @DELETE
    @Path("{address}")
    public void delete(@PathParam("address") String address) {
        caller().requireAdmin();
        accounts.delete(Address.parse(address));
    }

    private Address ownOrAdmin(String address) {
        Address target = Address.parse(address).bare();
        Caller caller = caller();
        if (!caller.address().equals(target)) {
            caller.requireAdmin();
        }
        return target;
    }

    private Caller caller() {
        return Caller.of(security);
    }
}
