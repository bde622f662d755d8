package im.parley.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * A bearer token (RFC 6750) a principal issued for an application: it authenticates as the
 * principal until revoked. Only its digest is stored; the token itself is shown once.
 */
@Entity
@Table(name = "access_token")
public class AccessToken {
    public static final int MAX_LABEL_LENGTH = 255;

    @Id
    @Column(length = 36)
    private String id;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "principal_id")
    private Principal principal;

    @Column(nullable = false, unique = true, length = 64)
    private String digest;

    @Column(nullable = false, length = MAX_LABEL_LENGTH)
    private String label;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected AccessToken() {
    }

    public AccessToken(Principal principal, String token, String label) {
        this.id = UUID.randomUUID().toString();
        this.principal = principal;
        this.digest = digest(token);
        this.label = label;
        this.createdAt = Instant.now();
    }

    /** The token's digest as stored; a presented token is looked up by it. */
    public static String digest(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JVM lacks SHA-256", e);
        }
    }

    public String id() {
        return id;
    }

    public Principal principal() {
        return principal;
    }

    public AccessTokenData data(String token) {
        return new AccessTokenData(id, label, createdAt, token);
    }
}
