package im.parley.account;

import java.io.Serializable;
import java.time.Instant;

/** An account as the account service reports it: never any credential. */
public record AccountData(String address, boolean admin, Instant createdAt) implements Serializable {
}
