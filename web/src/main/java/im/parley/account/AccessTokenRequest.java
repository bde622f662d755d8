package im.parley.account;

/** A token to issue, with a label saying which application holds it. */
public record AccessTokenRequest(String label) {
}
