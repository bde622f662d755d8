package im.parley.roster;

import im.parley.account.Address;
import im.parley.account.Principal;
import im.parley.presence.SubscriptionState;
import im.parley.problem.ParleyException;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.util.Set;
import java.util.TreeSet;

/**
 * A contact in a principal's roster (RFC 6121 section 2): an address with an optional
 * name and roster groups. Subscription state is derived from the two
 * {@link im.parley.presence.Subscription}s between owner and contact; only the owner's
 * subscription to a contact of another domain, which that domain's server holds, is kept
 * here as that server reported it.
 */
@Entity
@Table(name = "roster_item")
public class RosterItem {
    public static final int MAX_TEXT_LENGTH = 1023;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "owner_id")
    private Principal owner;

    @Column(nullable = false, length = 2047)
    private String contact;

    @Column(length = MAX_TEXT_LENGTH)
    private String name;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "roster_group", joinColumns = @JoinColumn(name = "roster_item_id"))
    @Column(name = "group_name", nullable = false, length = MAX_TEXT_LENGTH)
    private Set<String> groups = new TreeSet<>();

    @Enumerated(EnumType.STRING)
    @Column(name = "remote_subscription", nullable = false, length = 16)
    private SubscriptionState remoteSubscription = SubscriptionState.NONE;

    protected RosterItem() {
    }

    public RosterItem(Principal owner, Address contact) {
        this.owner = owner;
        this.contact = contact.bare().toString();
    }

    public void rename(String newName, Set<String> newGroups) {
        if (newName != null && newName.length() > MAX_TEXT_LENGTH) {
            throw ParleyException.invalid("The contact name is longer than " + MAX_TEXT_LENGTH + " characters");
        }
        for (String group : newGroups) {
            if (group == null || group.isBlank() || group.length() > MAX_TEXT_LENGTH) {
                throw ParleyException.invalid("A roster group name must be 1 to " + MAX_TEXT_LENGTH + " characters");
            }
        }
        this.name = newName;
        this.groups.clear();
        this.groups.addAll(newGroups);
    }

    public Address contact() {
        return Address.parse(contact);
    }

    /** The owner's subscription to a contact of another domain (always NONE for one of ours). */
    public SubscriptionState remoteSubscription() {
        return remoteSubscription;
    }

    public void setRemoteSubscription(SubscriptionState state) {
        this.remoteSubscription = state;
    }

    public String name() {
        return name;
    }

    public Set<String> groups() {
        return Set.copyOf(groups);
    }

    public Principal owner() {
        return owner;
    }
}
