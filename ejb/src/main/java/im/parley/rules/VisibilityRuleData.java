package im.parley.rules;

import java.io.Serializable;

/** A visibility rule: {@code presentity} null means "every presentity". */
public record VisibilityRuleData(String presentity, boolean hideFetches) implements Serializable {
}
