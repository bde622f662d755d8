package im.parley.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A node of the cluster, as it last said it was alive. */
@Entity
@Table(name = "cluster_node")
public class ClusterNode {
    @Id
    @Column(length = 255)
    private String name;

    @Column(name = "last_seen", nullable = false)
    private Instant lastSeen;

    protected ClusterNode() {
    }

    public ClusterNode(String name, Instant lastSeen) {
        this.name = name;
        this.lastSeen = lastSeen;
    }

    public String name() {
        return name;
    }

    public Instant lastSeen() {
        return lastSeen;
    }

    public void seen(Instant now) {
        lastSeen = now;
    }

    public boolean silentSince(Instant limit) {
        return lastSeen.isBefore(limit);
    }
}
