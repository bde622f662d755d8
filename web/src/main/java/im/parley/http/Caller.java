package im.parley.http;

import im.parley.account.AccountData;
import im.parley.account.Address;
import im.parley.problem.ParleyException;
import jakarta.ws.rs.core.SecurityContext;

import java.security.Principal;

/** The authenticated principal an HTTP call acts for. */
public record Caller(Address address, boolean admin) implements Principal {

    static Caller of(AccountData account) {
        return new Caller(Address.parse(account.address()), account.admin());
    }

    /** The caller of a request the authentication filter let through. */
    public static Caller of(SecurityContext security) {
        return (Caller) security.getUserPrincipal();
    }

    /** Account management and the session overview are for administrators only. */
    public Caller requireAdmin() {
        if (!admin) {
            throw ParleyException.forbidden("Only an administrator may do this");
        }
        return this;
    }

    @Override
    public String getName() {
        return address.toString();
    }
}
