package im.parley.bench;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How fast this machine's server core is right now, by a fixed single-threaded Java
 * workload shaped like a server's (short-lived objects, hash maps, pointer chasing, a
 * digest). The development machine is shared: its speed has moved by half within an hour,
 * for every server measured. A run's figures compare with another run's only together
 * with this one.
 *
 * <pre>taskset -c 1 java -cp bench/target/parley-bench.jar im.parley.bench.MachineSpeed [--seconds 5]</pre>
 */
public final class MachineSpeed {
    private static final int ENTRIES = 10_000;

    private MachineSpeed() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = args.length == 2 && args[0].equals("--seconds") ? Long.parseLong(args[1]) : 5;
        run(2_000_000_000L); // warm-up: compiled before it counts
        long rounds = run(seconds * 1_000_000_000L);
        System.out.printf("%.0f rounds/s%n", rounds / (double) seconds);
    }

    private static long run(long nanos) throws Exception {
        long end = System.nanoTime() + nanos;
        long rounds = 0;
        long sink = 0;
        while (System.nanoTime() < end) {
            sink += round(new SplittableRandom(rounds));
            rounds++;
        }
        if (sink == 42) {
            System.out.print(""); // keeps the work from being optimised away
        }
        return rounds;
    }

    private static long round(SplittableRandom random) throws Exception {
        Map<String, List<Integer>> byKey = new HashMap<>();
        List<String> keys = new ArrayList<>(ENTRIES);
        for (int i = 0; i < ENTRIES; i++) {
            String key = "user" + random.nextInt(ENTRIES / 4) + "@example.com";
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            keys.add(key);
        }
        Collections.sort(keys);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (String key : keys.subList(0, 1_000)) {
            digest.update(key.getBytes());
        }
        return byKey.size() + digest.digest()[0];
    }
}
