package im.parley.presence;

import java.io.Serializable;
import java.time.Duration;

/**
 * How long ago a presentity was last available (zero while it is), and what its last
 * status said. Unknown ({@code since} null) when it has never been available.
 */
public record LastActivity(Duration since, String note) implements Serializable {
}
