package im.parley.session;

import im.parley.account.Address;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A live user agent session (RFC 2778 section 2.5's PRESENCE, WATCHER, SENDER and INBOX
 * USER AGENTS in one): one XMPP connection or one authenticated HTTP client, on one node.
 * The row lets every node know where a principal's sessions are.
 */
@Entity
@Table(name = "client_session")
public class ClientSession {
    @Id
    @Column(length = 36)
    private String id;

    @Column(nullable = false, length = 2047)
    private String principal;

    @Column(nullable = false, length = 1023)
    private String resource;

    @Column(nullable = false, length = 255)
    private String node;

    @Column(nullable = false, length = 16)
    private String protocol;

    @Column(name = "opened_at", nullable = false)
    private Instant openedAt;

    @Column(name = "receives_copies", nullable = false)
    private boolean receivesCopies;

    protected ClientSession() {
    }

    public ClientSession(Address fullAddress, String node, String protocol) {
        this.id = UUID.randomUUID().toString();
        this.principal = fullAddress.bare().toString();
        this.resource = fullAddress.resourcepart().orElseThrow();
        this.node = node;
        this.protocol = protocol;
        this.openedAt = Instant.now();
    }

    public String id() {
        return id;
    }

    public Address principal() {
        return Address.parse(principal);
    }

    public Address address() {
        return principal().withResource(resource);
    }

    public String resource() {
        return resource;
    }

    public String node() {
        return node;
    }

    public Instant openedAt() {
        return openedAt;
    }

    public String protocol() {
        return protocol;
    }

    /** Whether the session asked for copies of its principal's messages in other sessions. */
    public boolean receivesCopies() {
        return receivesCopies;
    }

    public void setReceivesCopies(boolean receivesCopies) {
        this.receivesCopies = receivesCopies;
    }

    public SessionData data() {
        return new SessionData(id, address().toString(), protocol, node, openedAt);
    }
}
