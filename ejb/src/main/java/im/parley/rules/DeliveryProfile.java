package im.parley.rules;

import im.parley.account.Address;

/**
 * What routing a message to (or from) a principal needs to know about it: its id, its
 * DELIVERY RULE, and whether any of its ACCESS RULES blocks someone (most block nobody, and
 * then no rule needs evaluating). Kept per node by {@link DeliveryProfiles}.
 */
public record DeliveryProfile(Long principalId, Address address, DeliveryRuleData rule, boolean blocksAnyone) {
}
