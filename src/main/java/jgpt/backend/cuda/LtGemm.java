package jgpt.backend.cuda;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GEMMs through cuBLASLt, each distinct {@link GemmKey} autotuned once: the heuristic offers up to
 * {@value #CANDIDATES} algorithms, each is timed on the call's own operands (synchronised host timing; beta = 1
 * calls write a scratch D so that tuning does not change C), and the fastest is kept. Small GEMMs take the
 * heuristic's first choice untimed. A key cuBLASLt cannot run (no algorithm, or every one fails) goes to the
 * classic cuBLAS call from then on; one with an epilogue is refused instead, and its caller adds the epilogue itself.
 * cublasGemmStridedBatchedEx with its default algorithm took 0.77 ms for the GPT-2 qkv projection
 * (16384 x 2304 x 768 in bf16) where torch.matmul takes 0.12 ms: its choice was the problem.
 */
final class LtGemm {
    private static final int CANDIDATES = 8, TIMED_RUNS = 3, MAX_PLANS = 512;
    private static final long WORKSPACE_BYTES = 32L << 20;
    /** Below this the tuning runs would cost more than they could save. */
    private static final double TUNE_MIN_FLOPS = 1e8;

    private final CudaContext context;
    private final DeviceAllocator allocator;
    private final Cublas classic;
    private final CublasLt lt = new CublasLt();
    private final long workspace;
    private final Map<GemmKey, Tuned> tuned = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<GemmKey, Tuned> eldest) {
            if (size() <= MAX_PLANS) return false;
            if (eldest.getValue().plan() != null) lt.destroy(eldest.getValue().plan());
            return true;
        }
    };

    /** A key's descriptors and chosen algorithm; plan null means classic cuBLAS. */
    private record Tuned(CublasLt.Plan plan, CublasLt.Algorithm algorithm) {
    }

    LtGemm(CudaContext context, DeviceAllocator allocator, Cublas classic) {
        this.context = context;
        this.allocator = allocator;
        this.classic = classic;
        this.workspace = allocator.allocate(WORKSPACE_BYTES);
    }

    /**
     * C = op(A) op(B) (+ C when accumulate) for key's shape, then key's epilogue with epilogue's vectors, on the context's
     * stream. Returns false, having queued nothing, when key has an epilogue that cuBLASLt cannot run.
     */
    synchronized boolean run(GemmKey key, long a, long b, boolean accumulate, long c, Epilogue epilogue) {
        Tuned choice = tuned.get(key);
        if (choice == null) {
            choice = tune(key, a, b, accumulate, c, epilogue);
            tuned.put(key, choice);
        }
        if (choice.plan() == null) {
            if (key.epilogue() != Epilogue.DEFAULT) return false;
            classic.gemm(key, a, b, accumulate, c);
        } else {
            if (key.epilogue() != Epilogue.DEFAULT) lt.setVectors(choice.plan(), epilogue);
            lt.checkMatmul(lt.matmul(choice.plan(), choice.algorithm(), a, b, accumulate, c, c, workspace, context.stream()), key);
        }
        return true;
    }

    private Tuned tune(GemmKey key, long a, long b, boolean accumulate, long c, Epilogue epilogue) {
        CublasLt.Plan plan = lt.plan(key);
        if (key.epilogue() != Epilogue.DEFAULT) lt.setVectors(plan, epilogue);
        List<CublasLt.Algorithm> candidates = lt.algorithms(plan, key.flops() < TUNE_MIN_FLOPS ? 1 : CANDIDATES, WORKSPACE_BYTES);
        long bytesD = (long) elementBytes(key.cType()) * key.extentC();
        long d = accumulate && candidates.size() > 1 ? allocator.allocate(bytesD) : c;
        try {
            CublasLt.Algorithm best = null;
            double bestTime = Double.MAX_VALUE;
            for (CublasLt.Algorithm candidate : candidates) {
                double time = candidates.size() == 1 ? 0 : time(plan, candidate, a, b, accumulate, c, d);
                if (time < bestTime) {
                    best = candidate;
                    bestTime = time;
                }
            }
            if (best != null) return new Tuned(plan, best);
            lt.destroy(plan);
            return new Tuned(null, null);
        } finally {
            if (d != c) allocator.release(d, bytesD);
        }
    }

    /** Seconds per call of candidate (one untimed run first), or infinity when cuBLASLt rejects it. */
    private double time(CublasLt.Plan plan, CublasLt.Algorithm candidate, long a, long b, boolean accumulate, long c, long d) {
        if (lt.matmul(plan, candidate, a, b, accumulate, c, d, workspace, context.stream()) != 0) return Double.POSITIVE_INFINITY;
        context.synchronize();
        long start = System.nanoTime();
        for (int i = 0; i < TIMED_RUNS; i++) {
            if (lt.matmul(plan, candidate, a, b, accumulate, c, d, workspace, context.stream()) != 0) return Double.POSITIVE_INFINITY;
        }
        context.synchronize();
        return (System.nanoTime() - start) * 1e-9 / TIMED_RUNS;
    }

    private static int elementBytes(int type) {
        return type == Cublas.R_16BF ? 2 : 4;
    }
}
