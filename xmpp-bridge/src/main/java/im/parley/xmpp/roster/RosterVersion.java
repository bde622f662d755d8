package im.parley.xmpp.roster;

import im.parley.roster.RosterItemData;
import im.parley.xmpp.stanza.Outbound;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Roster versions (RFC 6121 section 2.6) as a digest of the roster's content: the same
 * roster always has the same version, on every node and after every restart, with nothing
 * to store. (XEP-0237 section 4 describes this "hashed" approach.)
 */
public final class RosterVersion {

    private RosterVersion() {
    }

    public static String of(List<RosterItemData> items) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            items.stream().map(Outbound::rosterItem).sorted()
                    .forEach(item -> digest.update(item.getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(digest.digest()).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JVM lacks SHA-256", e);
        }
    }
}
