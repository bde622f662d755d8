package im.parley.account;

import im.parley.config.ServerVariables;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The first administrator, so that a fresh server can be managed over HTTP: the account
 * {@code admin@<domain>} (or the configured address) is made at start-up if it does not exist,
 * with the configured password; without one, and only while no administrator exists at all,
 * with a random password written once to the server log (as a newly installed server tells
 * its first password). An existing account is left as it is.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class AdminAccount {
    private static final Logger LOG = Logger.getLogger(AdminAccount.class.getName());

    @EJB
    private AccountService accounts;

    @Inject
    private Directory directory;

    private final SecureRandom random = new SecureRandom();

    @PostConstruct
    void ensureAdmin() {
        Optional<String> password = ServerVariables.optionalText("parley/admin/password");
        Address address = Address.parse(ServerVariables.text("parley/admin/address"));
        if (directory.findPrincipal(address).isPresent()) {
            return;
        }
        if (password.isPresent()) {
            accounts.create(address, password.get(), true);
            LOG.info(() -> "Created the administrator account " + address);
        } else if (accounts.accounts().stream().noneMatch(AccountData::admin)) {
            byte[] secret = new byte[12];
            random.nextBytes(secret);
            String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            accounts.create(address, generated, true);
            LOG.warning(() -> "Created the administrator account " + address + " with the password " + generated
                    + " - sign in at the web page and change it, or set PARLEY_ADMIN_PASSWORD before the first start");
        }
    }
}
