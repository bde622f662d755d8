package im.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What each thread of a server process did so far, by thread id, read from Linux's /proc:
 * the CPU time of a JVM's JIT compiler threads, since a Java server still compiling its hot
 * paths spends part of its core on that, which the per-message figure would otherwise put on
 * the messages; and the context switches of every thread, since every hand-over of work from
 * one thread to another costs one or two (a wake-up, then the switch back), expensive on a
 * virtual machine, and that count does not move with the machine's speed as times do.
 * Empty where /proc cannot be read (another system, a process that ended).
 */
record ServerThreads(Map<String, Counts> byThread) {
    /** Linux's unit of a thread's CPU time in /proc (USER_HZ, 100 on every common architecture). */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    /** One thread's JIT compiler CPU time (0 for other threads) and context switches, so far. */
    record Counts(long compilerMicros, long contextSwitches) {
    }

    static ServerThreads of(long pid) {
        Map<String, Counts> threads = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                List<String> status;
                try {
                    stat = Files.readString(task.resolve("stat"));
                    status = Files.readAllLines(task.resolve("status"));
                } catch (IOException ended) {
                    continue; // the thread ended while we looked
                }
                threads.put(task.getFileName().toString(), new Counts(compilerMicros(stat), contextSwitches(status)));
            }
        } catch (IOException e) {
            return new ServerThreads(Map.of());
        }
        return new ServerThreads(threads);
    }

    /**
     * What the threads did since {@code before}, counted per thread: a thread that ended
     * meanwhile takes only its own counts along (what it did in between is lost), a thread
     * born meanwhile counts from zero.
     */
    Counts since(ServerThreads before) {
        long compiler = 0;
        long switches = 0;
        for (var thread : byThread.entrySet()) {
            Counts earlier = before.byThread().getOrDefault(thread.getKey(), new Counts(0, 0));
            compiler += thread.getValue().compilerMicros() - earlier.compilerMicros();
            switches += thread.getValue().contextSwitches() - earlier.contextSwitches();
        }
        return new Counts(compiler, switches);
    }

    private static long compilerMicros(String stat) {
        // pid (comm) state ...: the name may hold spaces, so fields count from the last ')'.
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
            return 0;
        }
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        return ticks * 1_000_000 / CLOCK_TICKS_PER_SECOND;
    }

    private static long contextSwitches(List<String> status) {
        long switches = 0;
        for (String line : status) {
            if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                switches += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return switches;
    }
}
