package im.parley.http;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** JAX-RS's own refusals (no such route, wrong method or media type...) as problem details too. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        String detail = switch (original.getStatus()) {
            case 404 -> "No such resource";
            case 405 -> "This resource does not allow that method";
            case 406 -> "None of the accepted media types can be produced";
            case 415 -> "Unsupported media type";
            case 400 -> "The request body cannot be read: " + rootMessage(exception);
            default -> exception.getMessage();
        };
        Response problem = ProblemDetails.of(original.getStatusInfo(), detail).toResponse();
        if (original.getHeaders().containsKey("Allow")) {
            return Response.fromResponse(problem).header("Allow", original.getHeaderString("Allow")).build();
        }
        return problem;
    }

    static String rootMessage(Throwable exception) {
        Throwable root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
