package jgpt.backend.cuda;

import java.util.Random;
import jgpt.backend.cuda.Bf16Bench.Buffer;
import jgpt.tensor.BinaryOp;
import jgpt.tensor.DType;

import static jgpt.tensor.DType.BFLOAT16;
import static jgpt.tensor.DType.FLOAT32;

/**
 * Times the float32 kernels and their bf16 variants at GPT-2 124M training sizes (B T = 16384 rows, C = 768, V = 50304
 * and 50257), for the device scripts: {@code java -cp ... jgpt.backend.cuda.Bf16KernelTiming}. Prints milliseconds
 * per call and the bytes each call must move per second.
 */
public final class Bf16KernelTiming {
    private static final int ROWS = 16384, C = 768, WARMUP = 3, MEASURED = 20;

    private Bf16KernelTiming() {
    }

    public static void main(String[] args) {
        Bf16Bench bench = Bf16Bench.get();
        System.out.println("GPU: " + bench.backend.deviceName());
        residualAdd(bench);
        layerNorm(bench);
        geluBackward(bench);
        for (int vocab : new int[] {50304, 50257}) crossEntropy(bench, vocab);
    }

    private static void residualAdd(Bf16Bench bench) {
        int n = ROWS * C;
        int[] shape = {ROWS, C}, dense = {C, 1};
        Buffer a = random(bench, FLOAT32, n), out = bench.zeros(FLOAT32, n);
        for (DType type : new DType[] {FLOAT32, BFLOAT16}) {
            Buffer b = random(bench, type, n);
            report("residual add, b " + type, (4L + type.bytes() + 4L) * n, bench, () -> bench.elementwise.binary(BinaryOp.ADD,
                    a.address(), FLOAT32, dense, b.address(), type, dense, out.address(), FLOAT32, shape));
        }
        bench.release();
    }

    private static void layerNorm(Bf16Bench bench) {
        int n = ROWS * C;
        Buffer x = random(bench, FLOAT32, n), gamma = random(bench, FLOAT32, C), beta = random(bench, FLOAT32, C);
        Buffer mean = bench.zeros(FLOAT32, ROWS), rstd = bench.zeros(FLOAT32, ROWS), dx = bench.zeros(FLOAT32, n);
        Buffer dgamma = bench.zeros(FLOAT32, C), dbeta = bench.zeros(FLOAT32, C);
        for (DType type : new DType[] {FLOAT32, BFLOAT16}) {
            Buffer out = bench.zeros(type, n), dout = random(bench, type, n);
            report("layerNorm forward, out " + type, (4L + type.bytes()) * n, bench, () -> bench.layerNorm.forward(x.address(),
                    gamma.address(), beta.address(), ROWS, C, 1e-5f, out.address(), type, mean.address(), rstd.address()));
            report("layerNorm backward, dout " + type, (2L * type.bytes() + 3L * 4) * n, bench, () -> bench.layerNorm.backward(
                    dout.address(), type, x.address(), gamma.address(), mean.address(), rstd.address(), ROWS, C, dx.address(),
                    dgamma.address(), dbeta.address()));
        }
        bench.release();
    }

    private static void geluBackward(Bf16Bench bench) {
        int n = ROWS * 4 * C;
        for (DType type : new DType[] {FLOAT32, BFLOAT16}) {
            Buffer dout = random(bench, type, n), x = random(bench, type, n), dx = bench.zeros(type, n);
            report("geluBackward, all " + type, 3L * type.bytes() * n, bench, () -> bench.elementwise.geluBackward(dout.address(),
                    type, x.address(), type, dx.address(), type, n));
            bench.release();
        }
    }

    private static void crossEntropy(Bf16Bench bench, int vocab) {
        Buffer targets = bench.ints(new Random(1).ints(ROWS, 0, vocab).toArray());
        Buffer losses = bench.zeros(FLOAT32, ROWS), lse = bench.zeros(FLOAT32, ROWS);
        long n = (long) ROWS * vocab;
        for (DType type : new DType[] {FLOAT32, BFLOAT16}) {
            long scale = bench.buffer(FLOAT32, new float[] {1f / ROWS}).address();
            Buffer logits = tiledLogits(bench, type, vocab), dlogits = bench.zeros(type, ROWS * vocab);
            report("crossEntropy forward V=" + vocab + ", logits " + type, type.bytes() * n, bench, () -> bench.softmax.crossEntropyForward(
                    logits.address(), type, targets.address(), ROWS, vocab, -100, losses.address(), lse.address()));
            report("crossEntropy backward V=" + vocab + ", logits " + type, 2L * type.bytes() * n, bench, () -> bench.softmax.crossEntropyBackward(
                    logits.address(), type, targets.address(), lse.address(), ROWS, vocab, -100, scale, dlogits.address()));
            bench.release();
        }
    }

    // (ROWS, vocab) logits of type: 64 random rows repeated, since the host cannot hold them all
    private static Buffer tiledLogits(Bf16Bench bench, DType type, int vocab) {
        int block = 64 * vocab;
        Buffer rows = random(bench, FLOAT32, block), logits = bench.zeros(type, ROWS * vocab);
        bench.elementwise.copyStrided(rows.address(), FLOAT32, new int[] {0, 1}, logits.address(), type, new int[] {block, 1},
                new int[] {ROWS / 64, block});
        return logits;
    }

    private static Buffer random(Bf16Bench bench, DType type, int n) {
        return bench.buffer(type, Bf16Rounding.normal(new Random(n), n, 2f));
    }

    private static void report(String what, long bytes, Bf16Bench bench, Runnable call) {
        for (int i = 0; i < WARMUP; i++) call.run();
        bench.backend.synchronize();
        long start = System.nanoTime();
        for (int i = 0; i < MEASURED; i++) call.run();
        bench.backend.synchronize();
        double millis = (System.nanoTime() - start) / 1e6 / MEASURED;
        System.out.printf("%-48s %8.3f ms  %7.0f GB/s%n", what, millis, bytes / millis / 1e6);
    }
}
