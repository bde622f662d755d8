package im.parley.problem;

import jakarta.ejb.ApplicationException;

/**
 * A refusal by one of Parley's services. It rolls the transaction back, so a refused
 * operation changes nothing, and it reaches the caller as it is (not wrapped by the
 * container), so the wire can turn {@link #problem()} into its standard error.
 */
@ApplicationException(rollback = true, inherited = true)
public class ParleyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Problem problem;

    public ParleyException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ParleyException invalid(String message) {
        return new ParleyException(Problem.INVALID_INPUT, message);
    }

    public static ParleyException notFound(String message) {
        return new ParleyException(Problem.NOT_FOUND, message);
    }

    public static ParleyException conflict(String message) {
        return new ParleyException(Problem.CONFLICT, message);
    }

    public static ParleyException forbidden(String message) {
        return new ParleyException(Problem.FORBIDDEN, message);
    }

    public static ParleyException refused(String message) {
        return new ParleyException(Problem.REFUSED, message);
    }

    public static ParleyException blocked(String message) {
        return new ParleyException(Problem.BLOCKED, message);
    }

    public static ParleyException notAuthorized(String message) {
        return new ParleyException(Problem.NOT_AUTHORIZED, message);
    }

    public static ParleyException notReady(String message) {
        return new ParleyException(Problem.NOT_READY, message);
    }
}
