package im.parley.rules;

import im.parley.problem.ParleyException;

import java.io.Serializable;

/** An access rule as the rules service takes and reports it. */
public record AccessRuleData(RuleScope scope, String pattern, AccessAction action) implements Serializable {

    public AccessRuleData {
        if (scope == null || action == null) {
            throw ParleyException.invalid("An access rule needs a scope and an action");
        }
        pattern = AccessRule.normalise(scope, pattern);
    }
}
