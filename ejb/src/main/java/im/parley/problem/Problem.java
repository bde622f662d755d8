package im.parley.problem;

/**
 * The ways a service operation can be refused. Each wire maps them to its own
 * standard error: an XMPP stanza error condition, an HTTP status with problem details.
 */
public enum Problem {
    /** The input is malformed, too large or otherwise unacceptable (bad-request / 400). */
    INVALID_INPUT,
    /** A named principal, presentity or item does not exist (item-not-found / 404). */
    NOT_FOUND,
    /** The thing to create exists already (conflict / 409). */
    CONFLICT,
    /** The acting principal may not do this (forbidden / 403). */
    FORBIDDEN,
    /** A rule of the recipient refused the request (service-unavailable or not-acceptable / 403). */
    REFUSED,
    /**
     * The acting principal itself blocks the other party, so nothing goes to it (XEP-0191
     * section 3.3: not-acceptable with a blocked condition / 403).
     */
    BLOCKED,
    /** Authentication failed (not-authorized / 401). */
    NOT_AUTHORIZED,
    /** This node cannot serve it yet, as it is still starting; asking again shortly will do (resource-constraint / 503). */
    NOT_READY
}
