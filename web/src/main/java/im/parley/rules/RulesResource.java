package im.parley.rules;

import im.parley.account.Address;
import im.parley.http.Caller;
import im.parley.http.Requests;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import java.util.List;

/**
 * The caller's rules: ACCESS RULES of a presentity it controls (who sees its presence),
 * VISIBILITY RULES (whether its own watching is shown) and DELIVERY RULES (what reaches its inbox).
 */
@Path("/rules")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RulesResource {

    @EJB
    private RulesService rules;

    @Context
    private SecurityContext security;

    /** Access rules of a presentity; by default the caller's own. */
    @GET
    @Path("access")
    public List<AccessRuleData> accessRules(@QueryParam("presentity") String presentity) {
        return rules.accessRules(caller().address(), presentityOr(presentity));
    }

    /** Adds or replaces the rule for one scope and pattern. */
    @PUT
    @Path("access")
    public AccessRuleData setAccessRule(@QueryParam("presentity") String presentity, AccessRuleData rule) {
        return rules.setAccessRule(caller().address(), presentityOr(presentity), Requests.body(rule));
    }

    @DELETE
    @Path("access/{scope}/{pattern}")
    public void removeAccessRule(@QueryParam("presentity") String presentity, @PathParam("scope") RuleScope scope,
                                 @PathParam("pattern") String pattern) {
        rules.removeAccessRule(caller().address(), presentityOr(presentity), scope, pattern);
    }

    @GET
    @Path("visibility")
    public List<VisibilityRuleData> visibilityRules() {
        return rules.visibilityRules(caller().address());
    }

    /** Adds or replaces the caller's visibility rule for one presentity (or for all, without one). */
    @PUT
    @Path("visibility")
    public VisibilityRuleData setVisibilityRule(VisibilityRuleData rule) {
        return rules.setVisibilityRule(caller().address(), Requests.body(rule));
    }

    @GET
    @Path("delivery")
    public DeliveryRuleData deliveryRule() {
        return rules.deliveryRule(caller().address());
    }

    @PUT
    @Path("delivery")
    public DeliveryRuleData setDeliveryRule(DeliveryRuleData rule) {
        return rules.setDeliveryRule(caller().address(), Requests.body(rule));
    }

    private Address presentityOr(String presentity) {
        return presentity == null ? caller().address() : Address.parse(presentity);
    }

    private Caller caller() {
        return Caller.of(security);
    }
}
