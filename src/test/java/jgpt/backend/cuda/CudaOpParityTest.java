package jgpt.backend.cuda;

import java.util.List;
import java.util.Random;
import jgpt.tensor.Device;
import jgpt.tensor.Functional;
import jgpt.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static jgpt.backend.cuda.DeviceParity.check;

/** Every op, forward and backward, on the GPU against the CPU backend, on the shapes of the CPU gradient tests and larger. */
class CudaOpParityTest {

    @BeforeAll
    static void requireGpu() {
        DeviceParity.assumeGpu();
    }

    private static int between(Random rng, int lo, int hi) {
        return lo + rng.nextInt(hi - lo + 1);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void broadcastingArithmetic(long seed) {
        Random rng = new Random(seed);
        int b = between(rng, 1, 3), t = between(rng, 1, 5), c = between(rng, 1, 40);
        int[][][] pairs = {{{b, t, c}, {b, t, c}}, {{b, t, c}, {c}}, {{b, t, c}, {t, 1}}, {{b, 1, c}, {1, t, 1}}, {{c}, {b, t, c}}};
        for (int[][] shapes : pairs) {
            float[][] values = {DeviceParity.normal(rng, DeviceParity.numel(shapes[0])), DeviceParity.normal(rng, DeviceParity.numel(shapes[1]))};
            for (int i = 0; i < values[1].length; i++) values[1][i] = Math.copySign(0.5f + Math.abs(values[1][i]), values[1][i]);
            String where = java.util.Arrays.deepToString(shapes);
            check("add " + where, rng, x -> x[0].add(x[1]), values, shapes);
            check("sub " + where, rng, x -> x[0].sub(x[1]), values, shapes);
            check("mul " + where, rng, x -> x[0].mul(x[1]), values, shapes);
            check("div " + where, rng, x -> x[0].div(x[1]), values, shapes);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void scaleSumAndMean(long seed) {
        Random rng = new Random(seed);
        int a = between(rng, 1, 4), b = between(rng, 1, 300), c = between(rng, 1, 70);
        check("scale", rng, x -> x[0].scale(-1.7f), new int[] {a, b, c});
        check("sum all", rng, x -> x[0].sum(), new int[] {a, b, c});
        check("sum axis 1", rng, x -> x[0].sum(1), new int[] {a, b, c});
        check("sum last axis", rng, x -> x[0].sum(-1), new int[] {a, b, c});
        check("mean axes 0,2", rng, x -> x[0].mean(0, -1), new int[] {a, b, c});
        check("sum of a large tensor", rng, x -> x[0].sum(), new int[] {1 << 18});
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void matmulWithTransposedAndSharedOperands(long seed) {
        Random rng = new Random(seed);
        int batch = between(rng, 1, 3), m = between(rng, 1, 70), n = between(rng, 1, 70), k = between(rng, 1, 130);
        check("matmul batched", rng, x -> x[0].matmul(x[1]), new int[] {batch, m, k}, new int[] {batch, k, n});
        check("matmul transposed A", rng, x -> x[0].transpose(1, 2).matmul(x[1]), new int[] {batch, k, m}, new int[] {batch, k, n});
        check("matmul transposed B", rng, x -> x[0].matmul(x[1].transpose(-1, -2)), new int[] {batch, m, k}, new int[] {batch, n, k});
        check("matmul both transposed", rng, x -> x[0].transpose(1, 2).matmul(x[1].transpose(1, 2)), new int[] {batch, k, m}, new int[] {batch, n, k});
        check("matmul shared 2-D B", rng, x -> x[0].matmul(x[1]), new int[] {batch, m, k}, new int[] {k, n});
        check("linear", rng, x -> Functional.linear(x[0], x[1], x[2]), new int[] {batch, m, k}, new int[] {n, k}, new int[] {n});
    }

    @Test
    void matmulOfGpt2Shapes() {
        Random rng = new Random(9);
        check("linear 256x768 -> 2304", rng, x -> Functional.linear(x[0], x[1], x[2]), new int[] {2, 128, 768}, new int[] {2304, 768}, new int[] {2304});
    }

    @ParameterizedTest
    @ValueSource(ints = {4096, 4000})
    void biasGradientOverManyRowsSumsInChunks(int rows) {
        Random rng = new Random(rows);
        check("linear over " + rows + " rows", rng, x -> Functional.linear(x[0], x[1], x[2]), new int[] {8, rows / 8, 24},
                new int[] {200, 24}, new int[] {200});
    }

    @ParameterizedTest
    @ValueSource(ints = {300, 4099, 20000})
    void layerNormParameterGradientsOverManyRowsSumInChunks(int rows) {
        Random rng = new Random(rows);
        check("layerNorm over " + rows + " rows", rng, x -> Functional.layerNorm(x[0], x[1], x[2], 1e-5f), new int[] {rows, 96},
                new int[] {96}, new int[] {96});
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 768, 1024, 1152})
    void layerNormOfRowsHeldInRegistersAndOfWiderOnes(int c) {
        Random rng = new Random(c);
        check("layerNorm C=" + c, rng, x -> Functional.layerNorm(x[0], x[1], x[2], 1e-5f), new int[] {2, 37, c}, new int[] {c},
                new int[] {c});
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void layerNormGeluSoftmax(long seed) {
        Random rng = new Random(seed);
        int rows = between(rng, 1, 40), c = between(rng, 2, 800);
        check("layerNorm", rng, x -> Functional.layerNorm(x[0], x[1], x[2], 1e-5f), new int[] {rows, c}, new int[] {c}, new int[] {c});
        check("gelu", rng, x -> Functional.gelu(x[0]), new int[] {rows, c});
        check("softmax", rng, x -> Functional.softmax(x[0]), new int[] {rows, c});
    }

    @Test
    void softmaxOfMaskedRowsWithAWideSpread() {
        Random rng = new Random(5);
        int rows = 37, c = 1500;
        float[] x = DeviceParity.normal(rng, rows * c);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < c; j++) {
                x[r * c + j] *= 30f;                                     // maxima met late force the running sums to rescale
                if (j > r * 40) x[r * c + j] = Float.NEGATIVE_INFINITY;  // a causal mask: row 0 keeps one entry
            }
        }
        check("softmax of masked rows", rng, v -> Functional.softmax(v[0]), new float[][] {x}, new int[][] {{rows, c}});
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 33, 64, 65, 130})
    void causalAttention(int t) {
        Random rng = new Random(t);
        for (int d : new int[] {between(rng, 1, 20), 64, 80}) {
            int[] shape = {between(rng, 1, 2), between(rng, 1, 3), t, d};
            check("causalAttention T=" + t + " D=" + d, rng, x -> Functional.causalAttention(x[0], x[1], x[2]), shape, shape, shape);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void crossEntropyWithIgnoredTargets(long seed) {
        Random rng = new Random(seed);
        int rows = between(rng, 2, 40), vocab = between(rng, 2, 5000);
        int[] targets = new int[rows];
        for (int i = 0; i < rows; i++) targets[i] = rng.nextInt(4) == 0 ? Functional.IGNORE_INDEX : rng.nextInt(vocab);
        targets[0] = rng.nextInt(vocab);
        Tensor ids = Tensor.ofInts(targets, rows);
        check("crossEntropy V=" + vocab, rng, x -> Functional.crossEntropy(x[0], ids.to(x[0].device())), new int[] {rows, vocab});
    }

    @Test
    void embeddingScatterAddsRepeatedIds() {
        Random rng = new Random(5);
        int vocab = 11, c = 300;
        Tensor ids = Tensor.ofInts(new int[] {3, 0, 3, 10, 3, 7}, 2, 3);
        check("embedding", rng, x -> Functional.embedding(ids.to(x[0].device()), x[0]), new int[] {vocab, c});
    }

    @Test
    void dropoutInAGraph() {
        Random rng = new Random(6);
        check("dropout", rng, x -> Functional.dropout(x[0].mul(x[1]), 0.3f, 1234L), new int[] {7, 300}, new int[] {300});
    }

    @Test
    void viewsConcatAndSplit() {
        Random rng = new Random(8);
        int a = 2, b = 5, c = 3;
        check("concat+split+transpose+reshape", rng, x -> {
            Tensor joined = Functional.concat(List.of(x[0], x[1]), 1);           // (a, b+2, c)
            List<Tensor> parts = Functional.split(joined, 1, 4, b - 2);          // (a,4,c), (a,b-2,c)
            Tensor left = parts.get(0).transpose(0, 2).reshape(-1);              // c*4*a
            Tensor right = parts.get(1).slice(2, 1, 3).mul(parts.get(1).slice(2, 0, 2)).reshape(-1);
            return Functional.concat(List.of(left, right), 0);
        }, new int[] {a, b, c}, new int[] {a, 2, c});
        check("permute of a rank-6 tensor", rng, x -> x[0].transpose(0, 5).transpose(2, 3).contiguous().scale(2f),
                new int[] {2, 3, 1, 4, 5, 3});
    }

    @Test
    void tensorsMoveBetweenDevices() {
        Random rng = new Random(10);
        float[] values = DeviceParity.normal(rng, 1000);
        Tensor gpu = Tensor.of(values, 10, 100).to(Device.CUDA);
        org.assertj.core.api.Assertions.assertThat(gpu.toFloatArray()).containsExactly(values);
        org.assertj.core.api.Assertions.assertThat(gpu.to(Device.CPU).device()).isEqualTo(Device.CPU);
        org.assertj.core.api.Assertions.assertThat(gpu.slice(1, 10, 20).toFloatArray()).containsExactly(
                Tensor.of(values, 10, 100).slice(1, 10, 20).toFloatArray());
    }
}
