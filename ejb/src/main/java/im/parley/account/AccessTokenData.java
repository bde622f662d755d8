package im.parley.account;

import java.io.Serializable;
import java.time.Instant;

/** An access token as reported: {@code token} is present only in the answer that issued it. */
public record AccessTokenData(String id, String label, Instant createdAt, String token) implements Serializable {
}
