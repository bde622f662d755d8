package im.parley.testsupport;

import im.parley.account.AccountService;
import im.parley.account.Address;

import java.util.UUID;

/** Fresh accounts for each test, so tests never see each other's data. */
public final class Fixtures {
    public static final String DOMAIN = "parley.test";
    public static final String PASSWORD = "correct horse battery staple";

    private Fixtures() {
    }

    public static Address newAccount(AccountService accounts, String name) {
        Address address = uniqueAddress(name);
        accounts.create(address, PASSWORD, false);
        return address;
    }

    public static Address uniqueAddress(String name) {
        return Address.parse(name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@" + DOMAIN);
    }
}
