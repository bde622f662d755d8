package im.parley.http;

import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A body the JSON or XML reader cannot make sense of is the client's error: 400, or 413 when too large. */
@Provider
public class UnreadableBodyMapper implements ExceptionMapper<ProcessingException> {
    @Override
    public Response toResponse(ProcessingException exception) {
        return unreadable(exception);
    }

    static Response unreadable(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLarge tooLarge) {
                return tooLarge.problem().toResponse();
            }
        }
        return ProblemDetails.of(Response.Status.BAD_REQUEST,
                "The request body cannot be read: " + WebApplicationExceptionMapper.rootMessage(exception)).toResponse();
    }

    /** The JSON-B reader reports malformed JSON as a JsonbException of its own. */
    @Provider
    public static class MalformedJson implements ExceptionMapper<JsonbException> {
        @Override
        public Response toResponse(JsonbException exception) {
            return unreadable(exception);
        }
    }
}
