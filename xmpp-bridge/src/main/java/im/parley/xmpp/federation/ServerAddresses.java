package im.parley.xmpp.federation;

import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Where another domain's XMPP server listens (RFC 6120 section 3.2): a route configured for
 * the domain, else its {@code _xmpp-server._tcp} SRV records in order of priority, else the
 * domain itself on port 5269.
 */
public final class ServerAddresses {
    private static final Logger LOG = Logger.getLogger(ServerAddresses.class.getName());
    public static final int DEFAULT_PORT = 5269;

    private final Map<String, List<InetSocketAddress>> routes;

    private ServerAddresses(Map<String, List<InetSocketAddress>> routes) {
        this.routes = routes;
    }

    /**
     * Parses configured routes: {@code domain=host:port} pairs separated by commas or spaces,
     * for domains without DNS records (tests, private networks).
     */
    public static ServerAddresses withRoutes(String configured) {
        Map<String, List<InetSocketAddress>> routes = new HashMap<>();
        for (String route : configured.strip().split("[,\\s]+")) {
            if (route.isEmpty()) {
                continue;
            }
            int equals = route.indexOf('=');
            int colon = route.lastIndexOf(':');
            if (equals <= 0 || colon < equals) {
                throw new IllegalArgumentException("A federation route is domain=host:port, not '" + route + "'");
            }
            routes.computeIfAbsent(route.substring(0, equals).toLowerCase(Locale.ROOT), d -> new ArrayList<>())
                    .add(InetSocketAddress.createUnresolved(route.substring(equals + 1, colon),
                            Integer.parseInt(route.substring(colon + 1))));
        }
        return new ServerAddresses(routes);
    }

    /** The addresses to try, in order, resolved; blocks on DNS, so call it off the I/O threads. */
    public List<InetSocketAddress> of(String domain) {
        List<InetSocketAddress> targets = routes.get(domain);
        if (targets == null) {
            targets = srv(domain);
        }
        if (targets.isEmpty()) {
            targets = List.of(InetSocketAddress.createUnresolved(domain, DEFAULT_PORT));
        }
        List<InetSocketAddress> resolved = new ArrayList<>();
        for (InetSocketAddress target : targets) {
            try {
                for (InetAddress address : InetAddress.getAllByName(target.getHostString())) {
                    resolved.add(new InetSocketAddress(address, target.getPort()));
                }
            } catch (UnknownHostException e) {
                LOG.fine(() -> "No address for " + target.getHostString() + ": " + e.getMessage());
            }
        }
        return resolved;
    }

    private static List<InetSocketAddress> srv(String domain) {
        Hashtable<String, String> env = new Hashtable<>();
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        env.put("com.sun.jndi.dns.timeout.initial", "2000");
        env.put("com.sun.jndi.dns.timeout.retries", "1");
        try {
            DirContext dns = new InitialDirContext(env);
            try {
                Attribute records = dns.getAttributes("_xmpp-server._tcp." + domain, new String[]{"SRV"}).get("SRV");
                List<String[]> targets = new ArrayList<>();
                for (int i = 0; records != null && i < records.size(); i++) {
                    targets.add(records.get(i).toString().strip().split("\\s+")); // priority weight port target
                }
                // RFC 2782: lower priority first; within one, higher weight first (no random draw).
                targets.sort(Comparator.<String[]>comparingInt(r -> Integer.parseInt(r[0]))
                        .thenComparing(r -> -Integer.parseInt(r[1])));
                List<InetSocketAddress> found = new ArrayList<>();
                for (String[] target : targets) {
                    String host = target[3].endsWith(".") ? target[3].substring(0, target[3].length() - 1) : target[3];
                    if (!host.isEmpty()) { // RFC 6120 section 3.2.1: a target of "." means no service
                        found.add(InetSocketAddress.createUnresolved(host, Integer.parseInt(target[2])));
                    }
                }
                return found;
            } finally {
                dns.close();
            }
        } catch (NamingException | RuntimeException e) {
            LOG.fine(() -> "No SRV records for " + domain + ": " + e);
            return List.of();
        }
    }
}
