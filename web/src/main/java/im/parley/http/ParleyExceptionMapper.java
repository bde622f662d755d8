package im.parley.http;

import im.parley.problem.ParleyException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A service's refusal becomes problem details with the matching status. */
@Provider
public class ParleyExceptionMapper implements ExceptionMapper<ParleyException> {
    @Override
    public Response toResponse(ParleyException refusal) {
        return ProblemDetails.of(ProblemDetails.statusOf(refusal.problem()), refusal.getMessage()).toResponse();
    }
}
