package jgpt.backend.cuda;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import jgpt.tensor.AttentionDropout;
import jgpt.tensor.Backend;
import jgpt.tensor.Backend.AdamWHyper;
import jgpt.tensor.DType;
import jgpt.tensor.Device;
import jgpt.tensor.Functional;
import jgpt.tensor.Storage;
import jgpt.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static jgpt.backend.cuda.DeviceParity.assertClose;
import static jgpt.backend.cuda.DeviceParity.normal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Backend kernels that no Functional op reaches with these arguments, called directly on both backends. */
class CudaKernelParityTest {
    /**
     * Buffer sizes for the global norm and clipping (Backend.globalNorm, clipByGlobalNorm): around the 4,096 elements a
     * block takes, one empty. Each buffer holds PAST elements more than it counts.
     */
    private static final int[] ODD_SIZES = {1, 7, 0, 255, 4096, 4097, 100_003, 1 << 20};
    private static final int PAST = 3;
    private static Backend cpu, gpu;

    @BeforeAll
    static void requireGpu() {
        DeviceParity.assumeGpu();
        cpu = Device.CPU.backend();
        gpu = Device.CUDA.backend();
    }

    @Test
    void attentionWithQueriesAtTheEndOfALongerCachedContext() {
        Random rng = new Random(1);
        int heads = 3, tq = 5, tk = 70, d = 64, kvStride = 100 * d;    // a KV cache holding 100 rows per head
        float[] q = normal(rng, heads * tq * d), k = normal(rng, heads * kvStride), v = normal(rng, heads * kvStride);
        float scale = (float) (1 / Math.sqrt(d));
        float[][] expected = attention(cpu, q, k, v, heads, tq, tk, d, kvStride, scale);
        float[][] actual = attention(gpu, q, k, v, heads, tq, tk, d, kvStride, scale);
        assertClose("attention output", actual[0], expected[0]);
        assertClose("attention log-sum-exp", actual[1], expected[1]);
    }

    private static float[][] attention(Backend be, float[] q, float[] k, float[] v, int heads, int tq, int tk, int d, int kvStride, float scale) {
        Storage out = be.allocate(DType.FLOAT32, heads * tq * d), lse = be.allocate(DType.FLOAT32, heads * tq);
        be.attentionForward(be.upload(q), be.upload(k), be.upload(v), heads, tq, tk, d, kvStride, scale, AttentionDropout.NONE, out, lse);
        return new float[][] {be.downloadFloats(out, 0, heads * tq * d), be.downloadFloats(lse, 0, heads * tq)};
    }

    @Test
    void dropoutMaskIsTheCpuMaskBitForBit() {
        Random rng = new Random(2);
        int n = 100_003;
        float[] x = normal(rng, n);
        for (float p : new float[] {0.1f, 0.5f}) {
            for (long seed : new long[] {0L, 42L, -7L}) {
                float[][] expected = dropout(cpu, x, p, seed), actual = dropout(gpu, x, p, seed);
                assertThat(actual[1]).as("mask p=" + p + " seed=" + seed).containsExactly(expected[1]);
                assertThat(actual[0]).as("output p=" + p + " seed=" + seed).containsExactly(expected[0]);
            }
        }
    }

    // x -> its dropout, and the mask (the dropout of ones)
    private static float[][] dropout(Backend be, float[] x, float p, long seed) {
        float[] ones = new float[x.length];
        Arrays.fill(ones, 1f);
        Storage out = be.allocate(DType.FLOAT32, x.length), mask = be.allocate(DType.FLOAT32, x.length);
        be.dropout(be.upload(x), out, x.length, p, seed);
        be.dropout(be.upload(ones), mask, x.length, p, seed);
        return new float[][] {be.downloadFloats(out, 0, x.length), be.downloadFloats(mask, 0, x.length)};
    }

    @Test
    void uploadsArriveIntactThroughTheStagingRingAndPastIt() {
        Random rng = new Random(10);
        List<float[]> values = new ArrayList<>();
        List<Storage> uploaded = new ArrayList<>();
        for (int i = 0; i < 30; i++) {   // more uploads than staging buffers; every tenth past their 4 MiB limit
            float[] v = normal(rng, 1 + rng.nextInt(i % 10 == 9 ? 2_000_000 : 5000));
            values.add(v);
            uploaded.add(gpu.upload(v));
        }
        int[] ids = rng.ints(100_000, 0, 50_257).toArray();
        Storage idsOnGpu = gpu.upload(ids);
        for (int i = 0; i < values.size(); i++) {
            assertArrayEquals(values.get(i), gpu.downloadFloats(uploaded.get(i), 0, values.get(i).length), "upload " + i);
        }
        assertArrayEquals(ids, gpu.downloadInts(idsOnGpu, 0, ids.length));
    }

    @Test
    void oneLaunchOfAdamwOverManyParametersFollowsTheCpu() {
        int[] sizes = {1, 3, 4096, 4097, 10_007, 70_000};   // around the 4,096 elements a block updates
        float[] weightDecays = {0.1f, 0f, 0.1f, 0f, 0.01f, 0.1f};   // two groups' worth in one launch
        adamwFollowsTheCpu(new Random(5), sizes, weightDecays);
    }

    @Test
    void adamwOverMoreParametersThanOneLaunchTakesFollowsTheCpu() {
        Random rng = new Random(6);
        int[] sizes = rng.ints(1400, 0, 600).toArray();   // 640 a launch: three launches, some parameters empty
        float[] weightDecays = new float[sizes.length];
        for (int t = 0; t < sizes.length; t += 2) weightDecays[t] = 0.1f;
        adamwFollowsTheCpu(rng, sizes, weightDecays);
    }

    private void adamwFollowsTheCpu(Random rng, int[] sizes, float[] weightDecays) {
        List<Backend.AdamWBuffers> onCpu = new ArrayList<>(), onGpu = new ArrayList<>();
        for (int t = 0; t < sizes.length; t++) {
            int n = sizes[t];
            float[] p = normal(rng, n), g = normal(rng, n);
            onCpu.add(new Backend.AdamWBuffers(cpu.upload(p), cpu.upload(g), cpu.allocate(DType.FLOAT32, n), cpu.allocate(DType.FLOAT32, n), n,
                    weightDecays[t]));
            onGpu.add(new Backend.AdamWBuffers(gpu.upload(p), gpu.upload(g), gpu.allocate(DType.FLOAT32, n), gpu.allocate(DType.FLOAT32, n), n,
                    weightDecays[t]));
        }
        for (int step = 1; step <= 3; step++) {
            // the learning rate changes from step to step
            var hyper = new AdamWHyper(1e-2f / step, 0.9f, 0.95f, 1e-8f, (float) (1 - Math.pow(0.9, step)), (float) (1 - Math.pow(0.95, step)));
            cpu.adamwSteps(onCpu, hyper);
            gpu.adamwSteps(onGpu, hyper);
        }
        var last = new AdamWHyper(2e-3f, 0.9f, 0.95f, 1e-8f, 0.5f, 0.25f);   // another parameter list
        cpu.adamwSteps(onCpu.subList(0, 3), last);
        gpu.adamwSteps(onGpu.subList(0, 3), last);
        for (int t = 0; t < sizes.length; t++) {
            Backend.AdamWBuffers c = onCpu.get(t), g = onGpu.get(t);
            Storage[] cs = {c.param(), c.m(), c.v()}, gs = {g.param(), g.m(), g.v()};
            for (int i = 0; i < 3; i++) {
                assertClose("parameter of " + sizes[t] + ", buffer " + i, gpu.downloadFloats(gs[i], 0, sizes[t]),
                        cpu.downloadFloats(cs[i], 0, sizes[t]), 1e-6);
            }
        }
    }

    /** Values of buffers of counts[i] + PAST elements, and the norm of the counted ones in double. */
    private record Buffers(float[][] values, int[] counts) {
        static Buffers random(Random rng, int[] counts) {
            float[][] values = new float[counts.length][];
            for (int i = 0; i < counts.length; i++) values[i] = normal(rng, counts[i] + PAST);
            return new Buffers(values, counts);
        }

        List<Storage> on(Backend backend) {
            return Arrays.stream(values).map(backend::upload).toList();
        }

        double norm() {
            double sum = 0;
            for (int i = 0; i < counts.length; i++) for (int j = 0; j < counts[i]; j++) sum += (double) values[i][j] * values[i][j];
            return Math.sqrt(sum);
        }
    }

    private static float norm(Backend backend, List<Storage> xs, int[] counts) {
        Storage norm = backend.allocate(DType.FLOAT32, 1);
        backend.globalNorm(xs, counts, norm);
        return backend.downloadFloats(norm, 0, 1)[0];
    }

    @Test
    void theNormOfBuffersOfOddSizesIsTheCpusAndTheSameEveryTime() {
        Buffers buffers = Buffers.random(new Random(7), ODD_SIZES);
        List<Storage> onGpu = buffers.on(gpu);
        float expected = norm(cpu, buffers.on(cpu), ODD_SIZES), actual = norm(gpu, onGpu, ODD_SIZES);
        assertThat((double) expected).isCloseTo(buffers.norm(), within(2e-7 * buffers.norm()));
        // both add in double, in different orders; the float32 results may differ in the last bit
        assertThat((double) actual).isCloseTo(expected, within(2.5e-7 * expected));
        assertThat(norm(gpu, onGpu, ODD_SIZES)).as("a second reduction on the GPU").isEqualTo(actual);
    }

    @Test
    void clippingWithTheSameNormScalesAsTheCpuBitForBit() {
        Buffers buffers = Buffers.random(new Random(8), ODD_SIZES);
        float norm = (float) buffers.norm();
        for (double maxNorm : new double[] {norm / 3.0, norm * 0.999, norm * 1.001, Double.POSITIVE_INFINITY}) {
            List<Storage> onCpu = buffers.on(cpu), onGpu = buffers.on(gpu);
            cpu.clipByGlobalNorm(onCpu, ODD_SIZES, cpu.upload(new float[] {norm}), maxNorm);
            gpu.clipByGlobalNorm(onGpu, ODD_SIZES, gpu.upload(new float[] {norm}), maxNorm);
            for (int i = 0; i < ODD_SIZES.length; i++) {
                int n = ODD_SIZES[i] + PAST;
                float[] expected = cpu.downloadFloats(onCpu.get(i), 0, n), actual = gpu.downloadFloats(onGpu.get(i), 0, n);
                // assertArrayEquals, not AssertJ's containsExactly, which takes quadratic time over a million elements
                assertArrayEquals(expected, actual, "buffer of " + ODD_SIZES[i] + ", maxNorm " + maxNorm);
                assertArrayEquals(Arrays.copyOfRange(buffers.values()[i], ODD_SIZES[i], n), Arrays.copyOfRange(actual, ODD_SIZES[i], n),
                        "elements past the count");
                if (maxNorm > norm) assertArrayEquals(buffers.values()[i], actual, "unclipped");
            }
        }
    }

    @Test
    void moreBuffersThanOneLaunchTakesAreNormedAndClippedAsOnTheCpu() {
        Random rng = new Random(9);
        int[] counts = new int[450];   // three launches of up to 192 buffers
        for (int i = 0; i < counts.length; i++) counts[i] = 1 + rng.nextInt(6000);
        Buffers buffers = Buffers.random(rng, counts);
        List<Storage> onCpu = buffers.on(cpu), onGpu = buffers.on(gpu);
        Storage cpuNorm = cpu.allocate(DType.FLOAT32, 1), gpuNorm = gpu.allocate(DType.FLOAT32, 1);
        cpu.globalNorm(onCpu, counts, cpuNorm);
        gpu.globalNorm(onGpu, counts, gpuNorm);
        double maxNorm = buffers.norm() / 5;
        cpu.clipByGlobalNorm(onCpu, counts, cpuNorm, maxNorm);
        gpu.clipByGlobalNorm(onGpu, counts, gpuNorm, maxNorm);
        float expected = cpu.downloadFloats(cpuNorm, 0, 1)[0];
        assertThat((double) gpu.downloadFloats(gpuNorm, 0, 1)[0]).isCloseTo(expected, within(2.5e-7 * expected));
        for (int i = 0; i < counts.length; i++) {
            int n = counts[i] + PAST;
            float[] actual = gpu.downloadFloats(onGpu.get(i), 0, n);
            assertClose("buffer " + i, actual, cpu.downloadFloats(onCpu.get(i), 0, n), 1e-6);
            assertThat(actual[0]).as("buffer %d scaled", i).isNotEqualTo(buffers.values()[i][0]);
        }
    }

    @Test
    void axpyWithOffsetsAndFill() {
        Random rng = new Random(4);
        int n = 1_000_003;
        float[] x = normal(rng, n), y = normal(rng, n);
        Storage cy = cpu.upload(y), gy = gpu.upload(y);
        cpu.axpy(0.25f, cpu.upload(x), 3, cy, 5, n - 10);
        gpu.axpy(0.25f, gpu.upload(x), 3, gy, 5, n - 10);
        assertClose("axpy with offsets", gpu.downloadFloats(gy, 0, n), cpu.downloadFloats(cy, 0, n), 1e-7);
        gpu.fill(gy, 7, 100, -2.5f);
        float[] window = gpu.downloadFloats(gy, 6, 102);
        assertThat(window[0]).isNotEqualTo(-2.5f);
        assertThat(window[101]).isNotEqualTo(-2.5f);
        assertThat(java.util.Arrays.copyOfRange(window, 1, 101)).containsOnly(-2.5f);
    }

    @Test
    void int32TensorsRoundTripAndCopyStrided() {
        int[] ids = new int[6 * 7];
        for (int i = 0; i < ids.length; i++) ids[i] = i * 31 - 500;
        Tensor cpuIds = Tensor.ofInts(ids, 6, 7), gpuIds = cpuIds.to(Device.CUDA);
        assertThat(gpuIds.toIntArray()).containsExactly(ids);
        assertThat(gpuIds.transpose(0, 1).contiguous().toIntArray()).containsExactly(cpuIds.transpose(0, 1).contiguous().toIntArray());
        assertThat(gpuIds.slice(1, 2, 5).toIntArray()).containsExactly(cpuIds.slice(1, 2, 5).toIntArray());
    }

    @Test
    void badTokenIdIsReportedAtTheNextDownload() {
        Tensor weight = Tensor.of(normal(new Random(5), 40), 10, 4).to(Device.CUDA);
        Tensor ids = Tensor.ofInts(new int[] {1, 12, 3}, 3).to(Device.CUDA);
        assertThatThrownBy(() -> Functional.embedding(ids, weight).toFloatArray())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("embedding: token id 12 is outside the vocabulary of 10");
        assertThat(Functional.embedding(Tensor.ofInts(new int[] {9}, 1).to(Device.CUDA), weight).toFloatArray())
                .as("the error is cleared once reported").hasSize(4);
    }

    @Test
    void allocatedBuffersAreZeroedAndCounted() {
        Storage s = gpu.allocate(DType.FLOAT32, 1 << 20);
        assertThat(CudaBackend.get().memoryUse()[0]).isGreaterThanOrEqualTo(4L << 20);
        assertThat(gpu.downloadFloats(s, (1 << 20) - 3, 3)).containsOnly(0f);
    }
}
