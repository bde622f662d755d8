package im.parley.presence;

/** A presentity to create. */
public record PresentityRequest(String address) {
}
