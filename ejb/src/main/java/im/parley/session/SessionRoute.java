package im.parley.session;

import im.parley.account.Address;

/**
 * One session of a principal as message routing sees it: where it is connected, whether it
 * wants XEP-0280 copies, and whether its tuple makes it a target for messages to the bare
 * address (OPEN with a non-negative priority, RFC 6121 section 8.5.2).
 */
public record SessionRoute(String sessionId, String node, Address address, boolean receivesCopies,
                           boolean open, int priority) {
}
