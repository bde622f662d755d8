package im.parley.http;

import jakarta.ws.rs.core.Response;

import java.io.IOException;

/** A request body beyond the configured limit (RFC 9110 section 15.5.14, 413 Content Too Large). */
public class BodyTooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    private final int limit;

    public BodyTooLarge(int limit) {
        super("The request body is larger than " + limit + " bytes");
        this.limit = limit;
    }

    public ProblemDetails problem() {
        return ProblemDetails.of(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                "The request body is larger than " + limit + " bytes");
    }
}
