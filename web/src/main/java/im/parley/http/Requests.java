package im.parley.http;

import im.parley.problem.ParleyException;

/** Checks shared by the resources on what a request carries. */
public final class Requests {
    private Requests() {
    }

    /** A JSON body is required: an empty one is refused, not taken for "all fields unset". */
    public static <T> T body(T body) {
        if (body == null) {
            throw ParleyException.invalid("A JSON request body is required");
        }
        return body;
    }
}
