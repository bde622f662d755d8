package im.parley.presence;

/** What happened to a subscription, as told to the watcher or to the presentity's principals. */
public enum SubscriptionChange {
    /** A watcher asked; told to the presentity's principals. */
    REQUESTED,
    /** The presentity's principal approved; told to the watcher. */
    APPROVED,
    /** The presentity's principal refused or cancelled; told to the watcher. */
    DENIED,
    /** The watcher withdrew; told to the presentity's principals. */
    CANCELLED,
    /** The subscription reached its expiry; told to the watcher. */
    EXPIRED
}
