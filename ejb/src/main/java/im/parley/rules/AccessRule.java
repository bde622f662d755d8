package im.parley.rules;

import im.parley.account.Address;
import im.parley.presence.Presentity;
import im.parley.problem.ParleyException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * An ACCESS RULE (RFC 2778 section 2.4), set by a presentity's principal: how its presence
 * information is made available to the watchers that the rule matches.
 */
@Entity
@Table(name = "access_rule")
public class AccessRule {
    public static final int MAX_PATTERN_LENGTH = 2047;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "presentity_id")
    private Presentity presentity;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private RuleScope scope;

    @Column(nullable = false, length = MAX_PATTERN_LENGTH)
    private String pattern;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private AccessAction action;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected AccessRule() {
    }

    public AccessRule(Presentity presentity, AccessRuleData data) {
        this.presentity = presentity;
        this.scope = data.scope();
        this.pattern = data.pattern();
        this.action = data.action();
        this.createdAt = Instant.now();
    }

    public void setAction(AccessAction action) {
        this.action = action;
    }

    public AccessRuleData data() {
        return new AccessRuleData(scope, pattern, action);
    }

    public Presentity presentity() {
        return presentity;
    }

    /** Normalises a pattern for its scope: addresses and domains compare in lower case. */
    static String normalise(RuleScope scope, String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw ParleyException.invalid("An access rule needs a pattern");
        }
        if (pattern.length() > MAX_PATTERN_LENGTH) {
            throw ParleyException.invalid("The pattern is longer than " + MAX_PATTERN_LENGTH + " characters");
        }
        return switch (scope) {
            case ADDRESS -> Address.parse(pattern).bare().toString();
            case DOMAIN -> Address.parse(pattern).domainpart();
            case GROUP -> pattern.strip();
        };
    }
}
