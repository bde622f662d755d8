package im.parley.account;

/** An account an administrator creates. */
public record AccountRequest(String address, String password, boolean admin) {
}
