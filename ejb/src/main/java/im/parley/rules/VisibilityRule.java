package im.parley.rules;

import im.parley.account.Principal;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * A VISIBILITY RULE (RFC 2778 section 2.4), set by a watcher's principal: whether its
 * fetches and polls appear in a presentity's WATCHER INFORMATION. A rule without a
 * presentity applies to every presentity. Subscriptions always stay visible, since the
 * presentity's principal has to approve them.
 */
@Entity
@Table(name = "visibility_rule")
public class VisibilityRule {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "watcher_id")
    private Principal watcher;

    /** The bare address of the presentity this rule is about, or null for all. */
    @Column(length = 2047)
    private String presentity;

    @Column(name = "hide_fetches", nullable = false)
    private boolean hideFetches;

    protected VisibilityRule() {
    }

    public VisibilityRule(Principal watcher, String presentity, boolean hideFetches) {
        this.watcher = watcher;
        this.presentity = presentity;
        this.hideFetches = hideFetches;
    }

    public void setHideFetches(boolean hideFetches) {
        this.hideFetches = hideFetches;
    }

    public VisibilityRuleData data() {
        return new VisibilityRuleData(presentity, hideFetches);
    }
}
