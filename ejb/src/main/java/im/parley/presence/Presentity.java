package im.parley.presence;

import im.parley.account.Address;
import im.parley.account.Principal;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * A PRESENTITY (RFC 2778 section 2.1): provides PRESENCE INFORMATION to the presence
 * service. Every account has one at its own bare address; a principal may control more
 * (a shared {@code support@domain}, say), and several principals may control one.
 */
@Entity
@Table(name = "presentity")
public class Presentity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 2047)
    private String address;

    @ManyToMany
    @JoinTable(name = "presentity_controller",
            joinColumns = @JoinColumn(name = "presentity_id"),
            inverseJoinColumns = @JoinColumn(name = "principal_id"))
    private Set<Principal> controllers = new HashSet<>();

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "last_active_at")
    private Instant lastActiveAt;

    @Column(name = "last_note", length = PresenceTupleData.MAX_NOTE_LENGTH)
    private String lastNote;

    protected Presentity() {
    }

    public Presentity(Address address, Principal controller) {
        this.address = address.bare().toString();
        this.controllers.add(controller);
        this.createdAt = Instant.now();
    }

    public boolean isControlledBy(Address principal) {
        String bare = principal.bare().toString();
        return controllers.stream().anyMatch(p -> p.address().toString().equals(bare));
    }

    public void addController(Principal principal) {
        controllers.add(principal);
    }

    public void removeController(Principal principal) {
        controllers.remove(principal);
    }

    public Set<Principal> controllers() {
        return Set.copyOf(controllers);
    }

    /** The presentity's last tuple was withdrawn: it is no longer available since now. */
    public void wentAway(String note) {
        this.lastActiveAt = Instant.now();
        this.lastNote = note;
    }

    public Instant lastActiveAt() {
        return lastActiveAt;
    }

    public String lastNote() {
        return lastNote;
    }

    public Long id() {
        return id;
    }

    public Address address() {
        return Address.parse(address);
    }
}
