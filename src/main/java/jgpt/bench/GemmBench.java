package jgpt.bench;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import jgpt.backend.cpu.CpuBackend;
import jgpt.backend.cpu.Gemm;
import jgpt.backend.cpu.ThreadPool;
import jgpt.tensor.Device;

/**
 * Times {@link Gemm#sgemm} at given shapes and prints GFLOP/s beside NumPy's, measured in the same run; on the GPU,
 * the CUDA backend's matmul ({@link CudaGemmBench}).
 */
public final class GemmBench {
    /** Roughly how many flops one timed iteration should do, so short products are repeated. */
    private static final double FLOPS_PER_ITERATION = 2e9;
    /** Tiny products are bound by call overhead; this many repetitions time that well enough. */
    private static final int MAX_REPETITIONS = 100_000;

    private GemmBench() {}

    /** C (m x n) = A (m x k) * B (k x n); the shape is written "MxKxN". */
    public record Shape(int m, int k, int n) {
        public static Shape parse(String text) {
            String[] parts = text.strip().split("x");
            try {
                if (parts.length == 3) {
                    var shape = new Shape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
                    if (shape.m() > 0 && shape.k() > 0 && shape.n() > 0) return shape;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("--shapes: '" + text + "' is not MxKxN with positive sizes (e.g. 512x768x3072).");
        }

        double flops() {
            return 2.0 * m * n * k;
        }

        @Override
        public String toString() {
            return m + "x" + k + "x" + n;
        }
    }

    /**
     * What to measure; trans is "NN", "NT", "TN" or "TT" (op(A), op(B): N as stored, T transposed). On the GPU the
     * product runs in the CUDA backend's precision and NumPy's anchor does not apply.
     */
    public record Options(List<Shape> shapes, String trans, int warmup, int iters, boolean anchor, Device device) {
        public Options {
            if (!List.of("NN", "NT", "TN", "TT").contains(trans)) {
                throw new IllegalArgumentException("--trans must be NN, NT, TN or TT, got '" + trans + "'.");
            }
            if (warmup < 0 || iters < 1) throw new IllegalArgumentException("--warmup must be >= 0 and --iters >= 1.");
            if (anchor && device == Device.CUDA) {
                throw new IllegalArgumentException("--anchor times NumPy on the CPU: add --device cpu (torch's GPU figures come from scripts/device/gemm_peak.py --step).");
            }
        }
    }

    public static void run(Options options, PrintWriter out) {
        if (options.device() == Device.CUDA) {
            CudaGemmBench.run(options, out);
            return;
        }
        ThreadPool pool = CpuBackend.get().pool();
        out.println("machine  " + MachineInfo.describe(pool.threads()));
        out.printf("timing   best of %d iterations after %d warm-up, op(A) op(B) = %s%n",
                options.iters(), options.warmup(), options.trans());
        double[] ours = new double[options.shapes().size()];
        for (int i = 0; i < ours.length; i++) {
            ours[i] = measure(pool, options.shapes().get(i), options.trans(), options.warmup(), options.iters());
        }
        Map<String, Double> anchor = options.anchor() ? runAnchor(options, pool.threads(), out) : Map.of();
        out.println(anchor.isEmpty() ? "%-16s %12s".formatted("shape (MxKxN)", "jgpt GFLOP/s")
                : "%-16s %12s %14s %7s".formatted("shape (MxKxN)", "jgpt GFLOP/s", "numpy GFLOP/s", "ratio"));
        for (int i = 0; i < ours.length; i++) {
            Double theirs = anchor.get(options.shapes().get(i).toString());
            if (theirs == null) {
                out.printf("%-16s %12.1f%n", options.shapes().get(i), ours[i]);
            } else {
                out.printf("%-16s %12.1f %14.1f %7.2f%n", options.shapes().get(i), ours[i], theirs, ours[i] / theirs);
            }
        }
        out.flush();
    }

    /** Best GFLOP/s over {@code iters} timed iterations, each repeating the product enough to last a while. */
    static double measure(ThreadPool pool, Shape s, String trans, int warmup, int iters) {
        boolean transA = trans.charAt(0) == 'T', transB = trans.charAt(1) == 'T';
        var rnd = new SplittableRandom(1);
        float[] a = random(rnd, s.m() * s.k()), b = random(rnd, s.k() * s.n()), c = new float[s.m() * s.n()];
        int lda = transA ? s.m() : s.k(), ldb = transB ? s.k() : s.n();
        int reps = (int) Math.clamp(FLOPS_PER_ITERATION / s.flops(), 1, MAX_REPETITIONS);
        Runnable product = () -> Gemm.sgemm(pool, transA, transB, s.m(), s.n(), s.k(), a, 0, lda, b, 0, ldb, c, 0, s.n(), false);
        for (int i = 0; i < warmup * reps; i++) product.run();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < iters; i++) {
            long start = System.nanoTime();
            for (int r = 0; r < reps; r++) product.run();
            best = Math.min(best, System.nanoTime() - start);
        }
        return s.flops() * reps / best;
    }

    private static float[] random(SplittableRandom rnd, int length) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) x[i] = (float) rnd.nextGaussian();
        return x;
    }

    /** Runs scripts/bench/gemm_anchor.py with our thread count; its GFLOP/s by shape, empty if unavailable. */
    private static Map<String, Double> runAnchor(Options options, int threads, PrintWriter out) {
        String shapes = String.join(",", options.shapes().stream().map(Shape::toString).toList());
        var args = List.of("--shapes", shapes, "--trans", options.trans(),
                "--warmup", String.valueOf(options.warmup()), "--iters", String.valueOf(options.iters()));
        var env = Map.of("OPENBLAS_NUM_THREADS", String.valueOf(threads), "OMP_NUM_THREADS", String.valueOf(threads));
        var result = new HashMap<String, Double>();
        switch (PythonAnchor.run("gemm_anchor.py", args, env)) {
            case PythonAnchor.Outcome.Unavailable u -> out.println("anchor   not available: " + u.reason() + ".");
            case PythonAnchor.Outcome.Lines l -> {
                for (String line : l.lines()) {
                    String[] parts = line.split(" ", 2);
                    if (parts[0].equals("info")) out.println("anchor   " + parts[1] + ", " + threads + " threads");
                    else if (parts.length == 2 && parts[0].matches("\\d+x\\d+x\\d+")) result.put(parts[0], Double.parseDouble(parts[1]));
                }
            }
        }
        return result;
    }
}
