package im.parley.account;

/** A new password. */
public record PasswordRequest(String password) {
}
