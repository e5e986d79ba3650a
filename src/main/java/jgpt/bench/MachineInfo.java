package jgpt.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import jgpt.backend.cpu.ThreadPool;

/** What every benchmark prints about the machine it ran on: cores, SIMD width, peak memory, memory bandwidth. */
public final class MachineInfo {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Floats read by the bandwidth probe: 256 MiB, far past any last-level cache. */
    private static final int PROBE_FLOATS = 64 << 20;

    private MachineInfo() {
    }

    /** Cores, CPU model and SIMD width, e.g. "2 cores (AMD EPYC), 512-bit SIMD (16 floats), 2 threads". */
    public static String describe(int threads) {
        return "%d cores%s, %d-bit SIMD (%d floats), %d threads".formatted(Runtime.getRuntime().availableProcessors(),
                cpuModel(), S.vectorBitSize(), S.length(), threads);
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> " (" + l.substring(l.indexOf(':') + 1).strip() + ")")
                    .findFirst().orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The process's peak resident memory so far (VmHWM, Linux), in bytes; where /proc is missing, the sum of
     * the heap pools' peaks (an upper bound on the heap's peak, as pools peak at different times).
     */
    public static long peakMemoryBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: fall back to the heap
        }
        return heapPeakBytes();
    }

    /** The sum of the Java heap pools' peak usage, in bytes. */
    public static long heapPeakBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) sum += pool.getPeakUsage().getUsed();
        }
        return sum;
    }

    /** "peak memory 2.41 GiB resident (VmHWM), Java heap pools' peaks 1.90 GiB (heap limit 3.21 GiB)". */
    public static String peakMemory() {
        return "peak memory %.2f GiB resident (VmHWM), Java heap pools' peaks %.2f GiB (heap limit %.2f GiB)".formatted(
                peakMemoryBytes() / 1073741824.0, heapPeakBytes() / 1073741824.0, Runtime.getRuntime().maxMemory() / 1073741824.0);
    }

    /**
     * Memory read bandwidth in bytes per second, STREAM-like: every thread of pool sums its share of a
     * 256 MiB array; the best of five passes. Allocates that array, so call it after reading the peak memory.
     */
    public static double readBandwidth(ThreadPool pool) {
        float[] data = new float[PROBE_FLOATS];
        java.util.Arrays.fill(data, 1f);
        float[] sink = new float[pool.threads()];
        long best = Long.MAX_VALUE;
        for (int pass = 0; pass < 5; pass++) {
            long start = System.nanoTime();
            pool.parallelFor(pool.threads(), 1, (t0, t1) -> {
                for (int t = t0; t < t1; t++) sink[t] = sum(data, (int) ((long) data.length * t / pool.threads()),
                        (int) ((long) data.length * (t + 1) / pool.threads()));
            });
            best = Math.min(best, System.nanoTime() - start);
        }
        return 4.0 * data.length / best * 1e9;
    }

    // four independent accumulators, so the loop is bound by loads rather than by the add latency
    private static float sum(float[] x, int from, int to) {
        FloatVector a = FloatVector.zero(S), b = a, c = a, d = a;
        int step = S.length(), j = from;
        for (; j + 4 * step <= to; j += 4 * step) {
            a = a.add(FloatVector.fromArray(S, x, j));
            b = b.add(FloatVector.fromArray(S, x, j + step));
            c = c.add(FloatVector.fromArray(S, x, j + 2 * step));
            d = d.add(FloatVector.fromArray(S, x, j + 3 * step));
        }
        float s = a.add(b).add(c).add(d).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        for (; j < to; j++) s += x[j];
        return s;
    }
}
