package im.parley.account;

import im.parley.config.ServerVariables;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.logging.Logger;

/**
 * The first administrator: when server configuration gives an admin password, the account
 * {@code admin@<domain>} (or the configured address) is made at start-up if it does not exist,
 * so a fresh server can be managed over HTTP. An existing account is left as it is.
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

    @PostConstruct
    void ensureAdmin() {
        Optional<String> password = ServerVariables.optionalText("parley/admin/password");
        if (password.isEmpty()) {
            return;
        }
        Address address = Address.parse(ServerVariables.text("parley/admin/address"));
        if (directory.findPrincipal(address).isEmpty()) {
            accounts.create(address, password.get(), true);
            LOG.info(() -> "Created the administrator account " + address);
        }
    }
}
