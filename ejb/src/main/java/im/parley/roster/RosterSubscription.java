package im.parley.roster;

import im.parley.presence.SubscriptionState;

/**
 * The subscription states of RFC 6121 Appendix A, for a user's roster item about one
 * contact. Each is a pair of directions: "to" (the user watches the contact) and "from"
 * (the contact watches the user), each none, pending or active.
 */
public enum RosterSubscription {
    NONE("none", false, false),
    NONE_PENDING_OUT("none", true, false),
    NONE_PENDING_IN("none", false, true),
    NONE_PENDING_OUT_IN("none", true, true),
    TO("to", false, false),
    TO_PENDING_IN("to", false, true),
    FROM("from", false, false),
    FROM_PENDING_OUT("from", true, false),
    BOTH("both", false, false);

    private final String attribute;
    private final boolean pendingOut;
    private final boolean pendingIn;

    RosterSubscription(String attribute, boolean pendingOut, boolean pendingIn) {
        this.attribute = attribute;
        this.pendingOut = pendingOut;
        this.pendingIn = pendingIn;
    }

    /**
     * @param outgoing the user's subscription to the contact's presence
     * @param incoming the contact's subscription to the user's presence
     */
    public static RosterSubscription of(SubscriptionState outgoing, SubscriptionState incoming) {
        boolean to = outgoing == SubscriptionState.ACTIVE;
        boolean from = incoming == SubscriptionState.ACTIVE;
        boolean out = outgoing == SubscriptionState.PENDING;
        boolean in = incoming == SubscriptionState.PENDING;
        if (to && from) {
            return BOTH;
        }
        if (to) {
            return in ? TO_PENDING_IN : TO;
        }
        if (from) {
            return out ? FROM_PENDING_OUT : FROM;
        }
        if (out && in) {
            return NONE_PENDING_OUT_IN;
        }
        return out ? NONE_PENDING_OUT : in ? NONE_PENDING_IN : NONE;
    }

    /** The value of the roster item's 'subscription' attribute. */
    public String attribute() {
        return attribute;
    }

    /** Whether the item carries ask='subscribe' (RFC 6121 section 2.1.2.2). */
    public boolean pendingOut() {
        return pendingOut;
    }

    /** Whether the contact waits for the user's approval. */
    public boolean pendingIn() {
        return pendingIn;
    }
}
