package im.parley.http;

import im.parley.problem.Problem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An error as RFC 9457 problem details: every refusal the API gives has this body, as
 * {@code application/problem+json}.
 */
public record ProblemDetails(String type, String title, int status, String detail) {
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final int RETRY_AFTER_SECONDS = 5;

    public static ProblemDetails of(Response.StatusType status, String detail) {
        return new ProblemDetails("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail);
    }

    /** The HTTP status for each way a service refuses. */
    public static Response.Status statusOf(Problem problem) {
        return switch (problem) {
            case INVALID_INPUT -> Response.Status.BAD_REQUEST;
            case NOT_FOUND -> Response.Status.NOT_FOUND;
            case CONFLICT -> Response.Status.CONFLICT;
            case FORBIDDEN, REFUSED, BLOCKED -> Response.Status.FORBIDDEN;
            case NOT_AUTHORIZED -> Response.Status.UNAUTHORIZED;
            case NOT_READY -> Response.Status.SERVICE_UNAVAILABLE;
        };
    }

    public Response toResponse() {
        Response.ResponseBuilder response = Response.status(status)
                .type(MediaType.valueOf(MEDIA_TYPE))
                .entity(this);
        if (status == Response.Status.UNAUTHORIZED.getStatusCode()) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, Authentication.CHALLENGE);
        }
        if (status == Response.Status.SERVICE_UNAVAILABLE.getStatusCode()) {
            response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return response.build();
    }
}
