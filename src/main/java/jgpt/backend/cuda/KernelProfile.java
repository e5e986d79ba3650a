package jgpt.backend.cuda;

import java.lang.foreign.MemorySegment;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where GPU time goes, for tuning: with the environment variable JGPT_CUDA_PROFILE set, every kernel launch,
 * GEMM and memset waits for the device before and after, its wall time is summed under its name, and the
 * table is printed to stderr when the JVM exits. The waits remove overlap and add a few microseconds to each
 * call, so small kernels read high; the ranking of the large ones is what it is for.
 */
final class KernelProfile {
    static final boolean ENABLED = System.getenv("JGPT_CUDA_PROFILE") != null;
    private static final Map<Long, String> NAMES = new ConcurrentHashMap<>();
    private static final Map<String, long[]> TOTALS = new ConcurrentHashMap<>();  // name -> {nanoseconds, calls}

    static {
        if (ENABLED) Runtime.getRuntime().addShutdownHook(new Thread(KernelProfile::print));
    }

    private KernelProfile() {
    }

    static void name(MemorySegment function, String name) {
        if (ENABLED) NAMES.put(function.address(), name);
    }

    static String nameOf(MemorySegment function) {
        return NAMES.getOrDefault(function.address(), "kernel@" + Long.toHexString(function.address()));
    }

    /** Runs work, timed under name when profiling, else just runs it. */
    static void time(CudaContext context, String name, Runnable work) {
        if (!ENABLED) {
            work.run();
            return;
        }
        context.synchronize();
        long start = System.nanoTime();
        work.run();
        context.synchronize();
        long[] total = TOTALS.computeIfAbsent(name, n -> new long[2]);
        synchronized (total) {
            total[0] += System.nanoTime() - start;
            total[1]++;
        }
    }

    /** Forgets what was timed so far: the table then covers only later work (a benchmark's measured steps, not its warm-up). */
    static void restart() {
        TOTALS.clear();
    }

    private static void print() {
        long all = TOTALS.values().stream().mapToLong(t -> t[0]).sum();
        System.err.printf("%-48s %10s %8s %6s%n", "kernel", "total ms", "calls", "share");
        TOTALS.entrySet().stream().sorted(Comparator.comparingLong(e -> -e.getValue()[0])).limit(40).forEach(e ->
                System.err.printf("%-48s %10.1f %8d %5.1f%%%n", e.getKey(), e.getValue()[0] / 1e6, e.getValue()[1],
                        100.0 * e.getValue()[0] / Math.max(1, all)));
    }
}
