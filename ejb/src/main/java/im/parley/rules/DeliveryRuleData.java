package im.parley.rules;

import im.parley.problem.ParleyException;

import java.io.Serializable;

/** Delivery rules as the services take and report them. */
public record DeliveryRuleData(AcceptFrom acceptFrom, boolean offlineStorage, Integer offlineQuota,
                               boolean deliverToAll) implements Serializable {

    public static final DeliveryRuleData DEFAULT = new DeliveryRuleData(AcceptFrom.EVERYONE, true, null, false);

    public DeliveryRuleData {
        if (acceptFrom == null) {
            throw ParleyException.invalid("acceptFrom is required");
        }
        if (offlineQuota != null && offlineQuota < 0) {
            throw ParleyException.invalid("The offline quota cannot be negative");
        }
    }

    /** The quota in force: this rule's, capped by the server's. */
    public int effectiveQuota(int serverQuota) {
        return offlineQuota == null ? serverQuota : Math.min(offlineQuota, serverQuota);
    }
}
