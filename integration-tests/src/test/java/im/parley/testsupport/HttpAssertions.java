package im.parley.testsupport;

import im.parley.testsupport.HttpApi.Answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the HTTP API tests check and set up again and again. */
public final class HttpAssertions {
    private HttpAssertions() {
    }

    /** The answer is RFC 9457 problem details with this status and a detail for people. */
    public static void assertProblem(int status, Answer answer) {
        assertEquals(status, answer.status(), answer::toString);
        assertTrue(answer.isProblem(), answer::toString);
        assertEquals(status, answer.json().getInt("status"));
        assertFalse(answer.json().getString("detail").isBlank());
    }

    /** The path of a principal's own presentity. */
    public static String presentity(HttpApi principal) {
        return "/presentities/" + principal.address();
    }

    /** The watcher subscribes to the presentity and the presentity approves. */
    public static void befriend(HttpApi watcher, HttpApi presentity) {
        watcher.post("/subscriptions", "{\"presentity\":\"" + presentity.address() + "\"}");
        Answer approved = presentity.put(presentity(presentity) + "/subscribers/" + watcher.address(), null);
        assertEquals("ACTIVE", approved.json().getString("state"), approved::toString);
    }
}
