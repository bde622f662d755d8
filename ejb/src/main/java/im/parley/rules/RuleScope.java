package im.parley.rules;

/** What an access rule's pattern matches, most specific first. */
public enum RuleScope {
    /** One bare address. */
    ADDRESS,
    /** Every contact in a roster group of the presentity's principal. */
    GROUP,
    /** Every address at a domain. */
    DOMAIN
}
