package im.parley.account;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.AttributeOverrides;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * A PRINCIPAL (RFC 2778 section 2.5): a human or program that appears to the services as
 * one actor, known by its bare address. Only salted SCRAM keys of its password are kept.
 */
@Entity
@Table(name = "principal")
public class Principal {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 2047)
    private String address;

    @Column(nullable = false)
    private boolean admin;

    @Embedded
    @AttributeOverrides({
        @AttributeOverride(name = "salt", column = @Column(name = "scram_sha1_salt")),
        @AttributeOverride(name = "iterations", column = @Column(name = "scram_sha1_iterations")),
        @AttributeOverride(name = "storedKey", column = @Column(name = "scram_sha1_stored_key")),
        @AttributeOverride(name = "serverKey", column = @Column(name = "scram_sha1_server_key"))
    })
    private ScramCredential scramSha1;

    @Embedded
    @AttributeOverrides({
        @AttributeOverride(name = "salt", column = @Column(name = "scram_sha256_salt")),
        @AttributeOverride(name = "iterations", column = @Column(name = "scram_sha256_iterations")),
        @AttributeOverride(name = "storedKey", column = @Column(name = "scram_sha256_stored_key")),
        @AttributeOverride(name = "serverKey", column = @Column(name = "scram_sha256_server_key"))
    })
    private ScramCredential scramSha256;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Principal() {
    }

    public Principal(Address address, String password, boolean admin, SecureRandom random) {
        this.address = address.bare().toString();
        this.admin = admin;
        this.createdAt = Instant.now();
        setPassword(password, random);
    }

    public final void setPassword(String password, SecureRandom random) {
        this.scramSha1 = ScramCredential.derive(ScramMechanism.SCRAM_SHA_1, password, random);
        this.scramSha256 = ScramCredential.derive(ScramMechanism.SCRAM_SHA_256, password, random);
    }

    public ScramCredential credential(ScramMechanism mechanism) {
        return mechanism == ScramMechanism.SCRAM_SHA_1 ? scramSha1 : scramSha256;
    }

    public boolean passwordMatches(String password) {
        return scramSha256.matches(ScramMechanism.SCRAM_SHA_256, password);
    }

    public Long id() {
        return id;
    }

    public Address address() {
        return Address.parse(address);
    }

    public boolean isAdmin() {
        return admin;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
