package im.parley.bench;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.w3c.dom.Element;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The XMPP load generator: scenarios of the XMPP issue's performance table, against any
 * server reachable on loopback. Accounts are created by in-band registration on first use.
 *
 * <pre>java -jar bench/target/parley-bench.jar [--port 5222] [--domain localhost] [--server-pid PID]
 *      [--scenario logins,idle,chat,steady,presence] [--name Parley] [--stream-management true]
 *      [--address full] [--steady-rate 5000] [--idle-hold 5000]</pre>
 * With {@code --stream-management true} every client enables XEP-0198 after binding and
 * answers the server's requests for acknowledgements, as most current clients do. With
 * {@code --address full} chat messages go to the receiver's full address, as a client writes
 * once the contact's resource answered (RFC 6121 section 5.1); by default to its bare one.
 * {@code --steady-rate} changes the steady scenario's rate (messages per second), to see how
 * a message's cost depends on the load; {@code --idle-hold} how long (ms) the idle scenario
 * holds its connections open, time enough to look at the server meanwhile (a heap histogram).
 */
public final class Bench {
    static final String PASSWORD = "bench-password";

    private final BenchClient.Target target;
    private final Map<String, String> options;
    private final List<String> report = new ArrayList<>();

    private Bench(BenchClient.Target target, Map<String, String> options) {
        this.target = target;
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        SslContext tls = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        EventLoopGroup loop = new NioEventLoopGroup(Integer.parseInt(options.getOrDefault("threads", "2")));
        BenchClient.Target target = new BenchClient.Target(options.getOrDefault("host", "127.0.0.1"),
                Integer.parseInt(options.getOrDefault("port", "5222")), options.getOrDefault("domain", "localhost"), tls, loop,
                Boolean.parseBoolean(options.getOrDefault("stream-management", "false")));
        Bench bench = new Bench(target, options);
        try {
            for (String scenario : options.getOrDefault("scenario", "logins,idle,chat,steady,presence").split(",")) {
                switch (scenario) {
                    case "logins" -> bench.logins(1000, 50);
                    case "idle" -> bench.idle(5000);
                    case "chat" -> bench.chat(100, 10, 20);
                    case "steady" -> bench.steady(100, Integer.parseInt(options.getOrDefault("steady-rate", "5000")), 20);
                    case "presence" -> bench.presence(500, 50, 100);
                    default -> throw new IllegalArgumentException("unknown scenario " + scenario);
                }
            }
        } finally {
            loop.shutdownGracefully();
        }
        System.out.println();
        System.out.println("| scenario (" + options.getOrDefault("name", "server") + ") | result |");
        System.out.println("|---|---|");
        bench.report.forEach(System.out::println);
    }

    private void result(String scenario, String value) {
        String line = "| " + scenario + " | " + value + " |";
        report.add(line);
        System.out.println(line);
    }

    private String prefix() {
        return options.getOrDefault("prefix", "bench");
    }

    private BenchClient client(String user, String resource) {
        return BenchClient.connect(target, user, resource, true).join();
    }

    /** Makes sure the accounts exist (registration is not part of any measurement). */
    private void register(List<String> users) {
        Semaphore slots = new Semaphore(50);
        List<CompletableFuture<BenchClient>> all = new ArrayList<>();
        for (String user : users) {
            slots.acquireUninterruptibly();
            all.add(BenchClient.connect(target, user, "setup", true).whenComplete((c, e) -> {
                slots.release();
                if (c != null) {
                    c.close();
                }
            }));
        }
        all.forEach(CompletableFuture::join);
    }

    private static List<String> users(String prefix, int count) {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(prefix + i);
        }
        return users;
    }

    void logins(int count, int concurrency) {
        List<String> users = users(prefix() + "login", count);
        register(users);
        Semaphore slots = new Semaphore(concurrency);
        List<CompletableFuture<BenchClient>> all = new ArrayList<>();
        CpuTime cpuBefore = cpuNow();
        long start = System.nanoTime();
        for (String user : users) {
            slots.acquireUninterruptibly();
            all.add(BenchClient.connect(target, user, "r", false).whenComplete((c, e) -> {
                slots.release();
                if (c != null) {
                    c.close();
                }
            }));
        }
        all.forEach(CompletableFuture::join);
        double seconds = (System.nanoTime() - start) / 1e9;
        result(count + " logins, " + concurrency + " at a time", String.format("%.0f logins/s", count / seconds)
                + serverCpu(cpuBefore, count, "login"));
    }

    void idle(int count) throws Exception {
        int accounts = count / 20;
        List<String> users = users(prefix() + "idle", accounts);
        register(users);
        long before = rssKiB();
        List<BenchClient> clients = new ArrayList<>();
        Semaphore slots = new Semaphore(100);
        List<CompletableFuture<BenchClient>> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            slots.acquireUninterruptibly();
            all.add(BenchClient.connect(target, users.get(i % accounts), "idle" + i, false)
                    .whenComplete((c, e) -> slots.release()));
        }
        all.forEach(f -> clients.add(f.join()));
        Thread.sleep(Long.parseLong(options.getOrDefault("idle-hold", "5000")));
        long after = rssKiB();
        if (before > 0) {
            result(count + " idle connections: server RSS per connection",
                    String.format("%.1f KiB (RSS %d MiB before, %d MiB after)",
                            (after - before) / (double) count, before / 1024, after / 1024));
        } else {
            result(count + " idle connections", "all open (no --server-pid, RSS not measured)");
        }
        clients.forEach(BenchClient::close);
        Thread.sleep(2000);
    }

    /** The server process's CPU time so far (user and system, all threads), or -1 without --server-pid. */
    private long serverCpuMicros() {
        String pid = options.get("server-pid");
        if (pid == null) {
            return -1;
        }
        return ProcessHandle.of(Long.parseLong(pid)).flatMap(process -> process.info().totalCpuDuration())
                .map(cpu -> cpu.toNanos() / 1000).orElse(-1L);
    }

    /** The server's CPU time since {@code before}, per unit of work: what one costs it, whatever the machine's load. */
    private String serverCpu(CpuTime before, long units, String unit) {
        CpuTime after = cpuNow();
        if (before.totalMicros() < 0 || after.totalMicros() < 0 || units == 0) {
            return "";
        }
        ServerThreads.Counts threads = after.threads().since(before.threads());
        long compiler = threads.compilerMicros();
        long switches = threads.contextSwitches();
        return String.format("; server CPU %.0f µs per %s", (after.totalMicros() - before.totalMicros()) / (double) units,
                unit) + (compiler > 0 ? String.format(" (JIT compiler %.0f)", compiler / (double) units) : "")
                + (switches > 0 ? String.format(", %.1f context switches per %s", switches / (double) units, unit) : "");
    }

    /** The server's CPU time so far and what each of its threads did. */
    private record CpuTime(long totalMicros, ServerThreads threads) {
    }

    private CpuTime cpuNow() {
        String pid = options.get("server-pid");
        return new CpuTime(serverCpuMicros(), pid == null ? new ServerThreads(Map.of()) : ServerThreads.of(Long.parseLong(pid)));
    }

    private long rssKiB() throws Exception {
        String pid = options.get("server-pid");
        if (pid == null) {
            return -1;
        }
        for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** Pairs of sender and receiver; the receiver reports each message's latency. */
    private record Pair(BenchClient sender, BenchClient receiver) {
    }

    private List<Pair> pairs(int count, String label, Latencies latencies) {
        List<String> senders = users(prefix() + label + "s", count);
        List<String> receivers = users(prefix() + label + "r", count);
        List<String> everyone = new ArrayList<>(senders);
        everyone.addAll(receivers);
        register(everyone);
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BenchClient receiver = client(receivers.get(i), "r");
            receiver.send("<presence/>");
            BenchClient sender = client(senders.get(i), "s");
            int pairIndex = i;
            receiver.onStanza(stanza -> {
                if ("message".equals(stanza.getLocalName())) {
                    String body = im.parley.xmpp.stream.Xml.childText(stanza, "jabber:client", "body");
                    if (body != null) {
                        latencies.record(pairIndex, System.nanoTime() - Long.parseLong(body));
                    }
                }
            });
            pairs.add(new Pair(sender, receiver));
        }
        return pairs;
    }

    private String chatMessage(Pair pair) {
        String to = "full".equals(options.get("address")) ? pair.receiver().fullJid() : pair.receiver().jid();
        return "<message type='chat' to='" + to + "'><body>" + System.nanoTime() + "</body></message>";
    }

    /** Each sender keeps {@code inFlight} messages on their way: a new one for each that arrives. */
    void chat(int pairCount, int inFlight, int seconds) throws Exception {
        Latencies latencies = new Latencies();
        List<Pair> pairs = pairs(pairCount, "chat", latencies);
        latencies.onRecord = pairIndex -> pairs.get(pairIndex).sender().send(chatMessage(pairs.get(pairIndex)));
        Thread.sleep(1000);
        for (Pair pair : pairs) {
            for (int i = 0; i < inFlight; i++) {
                pair.sender().send(chatMessage(pair));
            }
        }
        // Warm-up: a Java server compiles its hot paths in the first seconds under load.
        Thread.sleep(10_000);
        latencies.reset();
        CpuTime cpuBefore = cpuNow();
        Thread.sleep(seconds * 1000L);
        long delivered = latencies.count();
        String cpu = serverCpu(cpuBefore, delivered, "message");
        double[] p = latencies.percentiles(0.5, 0.99);
        latencies.onRecord = pairIndex -> { };
        Thread.sleep(3000); // the last messages in flight arrive
        result("chat, " + pairCount + " pairs, " + inFlight + " in flight each",
                String.format("%.0f delivered/s, p50 %.1f ms, p99 %.1f ms", delivered / (double) seconds, p[0], p[1]) + cpu);
        pairs.forEach(pair -> {
            pair.sender().close();
            pair.receiver().close();
        });
    }

    /** A fixed total rate spread over the pairs; counts what was sent and what arrived. */
    void steady(int pairCount, int perSecond, int seconds) throws Exception {
        Latencies latencies = new Latencies();
        List<Pair> pairs = pairs(pairCount, "steady", latencies);
        Thread.sleep(1000);
        long intervalNanos = 1_000_000_000L / perSecond;
        long total = (long) perSecond * seconds;
        CpuTime cpuBefore = cpuNow();
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            Pair pair = pairs.get((int) (i % pairCount));
            pair.sender().send(chatMessage(pair));
        }
        awaitDrain(latencies, total);
        String cpu = serverCpu(cpuBefore, latencies.count(), "message");
        double[] p = latencies.percentiles(0.5, 0.99);
        result("chat at a steady " + perSecond + " messages/s for " + seconds + " s",
                String.format("p50 %.1f ms, p99 %.1f ms; %d sent, %d delivered, %d not delivered", p[0], p[1],
                        total, latencies.count(), total - latencies.count()) + cpu);
        pairs.forEach(pair -> {
            pair.sender().close();
            pair.receiver().close();
        });
    }

    /**
     * Waits until every message arrived, or nothing arrived for 10 s: a server that fell
     * behind gets to finish (and the next scenario starts on an idle server).
     */
    private static void awaitDrain(Latencies latencies, long expected) throws InterruptedException {
        long last = -1;
        long quietSince = System.nanoTime();
        while (latencies.count() < expected && System.nanoTime() - quietSince < 10_000_000_000L) {
            Thread.sleep(200);
            if (latencies.count() != last) {
                last = latencies.count();
                quietSince = System.nanoTime();
            }
        }
    }

    /** One presentity, many subscribers; time until the last subscriber has each change. */
    void presence(int subscriberCount, int changes, int intervalMillis) throws Exception {
        String publisherName = prefix() + "pub";
        List<String> subscribers = users(prefix() + "sub", subscriberCount);
        List<String> everyone = new ArrayList<>(subscribers);
        everyone.add(publisherName);
        register(everyone);
        BenchClient publisher = client(publisherName, "p");
        publisher.onStanza(stanza -> {
            if ("presence".equals(stanza.getLocalName()) && "subscribe".equals(stanza.getAttribute("type"))) {
                publisher.send("<presence type='subscribed' to='" + stanza.getAttribute("from") + "'/>");
            }
        });
        // Subscription requests reach available resources (RFC 6121 3.1.3): the publisher is online first.
        publisher.send("<iq type='get' id='roster'><query xmlns='jabber:iq:roster'/></iq>");
        publisher.send("<presence/>");
        AtomicLongArray lastArrival = new AtomicLongArray(changes);
        AtomicLongArray arrivals = new AtomicLongArray(changes);
        List<BenchClient> clients = new ArrayList<>();
        CountDownLatch subscribed = new CountDownLatch(subscriberCount);
        Set<String> approved = ConcurrentHashMap.newKeySet();
        for (String name : subscribers) {
            BenchClient subscriber = client(name, "s");
            subscriber.onStanza(stanza -> {
                // An approval shows as 'subscribed' presence, or as a roster push with subscription 'to'.
                if ("iq".equals(stanza.getLocalName()) && stanza.getElementsByTagNameNS("jabber:iq:roster", "item")
                        .getLength() > 0) {
                    String state = ((Element) stanza.getElementsByTagNameNS("jabber:iq:roster", "item").item(0))
                            .getAttribute("subscription");
                    if (("to".equals(state) || "both".equals(state)) && approved.add(name)) {
                        subscribed.countDown();
                    }
                    if ("set".equals(stanza.getAttribute("type"))) {
                        subscriber.send("<iq type='result' id='" + stanza.getAttribute("id") + "'/>");
                    }
                    return;
                }
                if (!"presence".equals(stanza.getLocalName())) {
                    return;
                }
                if ("subscribed".equals(stanza.getAttribute("type"))) {
                    if (approved.add(name)) {
                        subscribed.countDown();
                    }
                    return;
                }
                String status = im.parley.xmpp.stream.Xml.childText(stanza, "jabber:client", "status");
                if (status != null && status.startsWith("change-")) {
                    int change = Integer.parseInt(status.substring(7));
                    lastArrival.accumulateAndGet(change, System.nanoTime(), Math::max);
                    arrivals.incrementAndGet(change);
                }
            });
            // A client asks for its roster first: that makes it an "interested resource" (RFC 6121 2.1.6).
            subscriber.send("<iq type='get' id='roster'><query xmlns='jabber:iq:roster'/></iq>");
            subscriber.send("<presence type='subscribe' to='" + publisher.jid() + "'/>");
            subscriber.send("<presence/>");
            clients.add(subscriber);
        }
        if (!subscribed.await(300, TimeUnit.SECONDS)) { // setup, not measured
            throw new IllegalStateException("not every subscription was approved");
        }
        Thread.sleep(2000);
        long[] sentAt = new long[changes];
        for (int i = 0; i < changes; i++) {
            sentAt[i] = System.nanoTime();
            publisher.send("<presence><status>change-" + i + "</status></presence>");
            Thread.sleep(intervalMillis);
        }
        Thread.sleep(5000);
        double[] spans = new double[changes];
        long missing = 0;
        for (int i = 0; i < changes; i++) {
            spans[i] = (lastArrival.get(i) - sentAt[i]) / 1e6;
            missing += subscriberCount - arrivals.get(i);
        }
        Arrays.sort(spans);
        result("one presence change to " + subscriberCount + " subscribers (" + changes + " changes, "
                        + intervalMillis + " ms apart): until the last has it",
                String.format("p50 %.1f ms, max %.1f ms; %d notifications lost", spans[changes / 2],
                        spans[changes - 1], missing));
        clients.forEach(BenchClient::close);
        publisher.close();
    }

    /** Latencies in microseconds, kept in full for exact percentiles. */
    static final class Latencies {
        private final List<Long> values = new ArrayList<>();
        private final AtomicLong counted = new AtomicLong();
        volatile java.util.function.IntConsumer onRecord = pair -> { };

        void record(int pair, long nanos) {
            synchronized (values) {
                values.add(nanos / 1000);
            }
            counted.incrementAndGet();
            onRecord.accept(pair);
        }

        void reset() {
            synchronized (values) {
                values.clear();
            }
            counted.set(0);
        }

        long count() {
            return counted.get();
        }

        double[] percentiles(double... quantiles) {
            long[] sorted;
            synchronized (values) {
                sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
            }
            double[] result = new double[quantiles.length];
            for (int i = 0; i < quantiles.length; i++) {
                result[i] = sorted.length == 0 ? Double.NaN
                        : sorted[Math.min(sorted.length - 1, (int) (quantiles[i] * sorted.length))] / 1000.0;
            }
            return result;
        }
    }
}
