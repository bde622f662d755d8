package im.parley.xmpp.connection;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Limits the connections one address may hold open without having signed in, so that a
 * flood of connections from one place cannot exhaust the server for everyone else.
 */
public final class SignInLimiter {
    private final int perAddress;
    private final ConcurrentMap<InetAddress, Integer> waiting = new ConcurrentHashMap<>();

    public SignInLimiter(int perAddress) {
        this.perAddress = perAddress;
    }

    /** A new connection from the address; false when the address has too many already. */
    public boolean admit(InetAddress address) {
        int count = waiting.merge(address, 1, Integer::sum);
        if (count > perAddress) {
            release(address);
            return false;
        }
        return true;
    }

    /** The connection signed in or went away. */
    public void release(InetAddress address) {
        waiting.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
    }
}
