package jgpt.tensor;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every op's forward against a double reference, and its backward against finite differences. */
class OpGradientTest {

    private static int between(Random rng, int lo, int hi) {
        return lo + rng.nextInt(hi - lo + 1);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void broadcastingArithmetic(long seed) {
        GradCheck gc = new GradCheck(seed);
        Random rng = gc.rng();
        int b = between(rng, 1, 3), t = between(rng, 1, 5), c = between(rng, 1, 19);
        int[][][] pairs = {
                {{b, t, c}, {b, t, c}}, {{b, t, c}, {c}}, {{b, t, c}, {t, 1}}, {{b, 1, c}, {1, t, 1}}, {{c}, {b, t, c}}};
        for (int[][] shapes : pairs) {
            int[] out = Shapes.broadcast("test", shapes[0], shapes[1]);
            for (BinaryOp op : BinaryOp.values()) {
                double[][] values = gc.randomInputs(shapes);
                if (op == BinaryOp.DIV) for (int i = 0; i < values[1].length; i++) values[1][i] = Math.copySign(0.5 + Math.abs(values[1][i]), values[1][i]);
                gc.check(op + " " + java.util.Arrays.deepToString(shapes), x -> switch (op) {
                    case ADD -> x[0].add(x[1]);
                    case SUB -> x[0].sub(x[1]);
                    case MUL -> x[0].mul(x[1]);
                    case DIV -> x[0].div(x[1]);
                }, x -> Reference.binary(op, x[0], shapes[0], x[1], shapes[1], out), shapes, values);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void scaleSumAndMean(long seed) {
        GradCheck gc = new GradCheck(seed);
        Random rng = gc.rng();
        int a = between(rng, 1, 4), b = between(rng, 1, 6), c = between(rng, 1, 9);
        int[][] shapes = {{a, b, c}};
        gc.check("scale", x -> x[0].scale(-1.7f), x -> java.util.Arrays.stream(x[0]).map(v -> (float) -1.7 * v).toArray(), shapes);
        gc.check("sum all", x -> x[0].sum(), x -> new double[] {java.util.Arrays.stream(x[0]).sum()}, shapes);
        gc.check("sum axis 1", x -> x[0].sum(1), x -> {
            double[] out = new double[a * c];
            for (int i = 0; i < x[0].length; i++) out[(i / (b * c)) * c + i % c] += x[0][i];
            return out;
        }, shapes);
        gc.check("mean axes 0,2", x -> x[0].mean(0, -1), x -> {
            double[] out = new double[b];
            for (int i = 0; i < x[0].length; i++) out[(i / c) % b] += x[0][i] / (a * c);
            return out;
        }, shapes);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void matmulWithTransposedAndSharedOperands(long seed) {
        GradCheck gc = new GradCheck(seed);
        Random rng = gc.rng();
        int batch = between(rng, 1, 3), m = between(rng, 1, 9), n = between(rng, 1, 9), k = between(rng, 1, 17);
        gc.check("matmul batched", x -> x[0].matmul(x[1]),
                x -> Reference.matmul(x[0], x[1], batch, m, n, k, false, false, false), new int[][] {{batch, m, k}, {batch, k, n}});
        gc.check("matmul transposed A", x -> x[0].transpose(1, 2).matmul(x[1]),
                x -> Reference.matmul(x[0], x[1], batch, m, n, k, true, false, false), new int[][] {{batch, k, m}, {batch, k, n}});
        gc.check("matmul transposed B", x -> x[0].matmul(x[1].transpose(-1, -2)),
                x -> Reference.matmul(x[0], x[1], batch, m, n, k, false, true, false), new int[][] {{batch, m, k}, {batch, n, k}});
        gc.check("matmul shared 2-D B", x -> x[0].matmul(x[1]),
                x -> Reference.matmul(x[0], x[1], batch, m, n, k, false, false, true), new int[][] {{batch, m, k}, {k, n}});
        gc.check("linear", x -> Functional.linear(x[0], x[1], x[2]), x -> {
            double[] y = Reference.matmul(x[0], x[1], 1, batch * m, n, k, false, true, true);
            for (int i = 0; i < y.length; i++) y[i] += x[2][i % n];
            return y;
        }, new int[][] {{batch, m, k}, {n, k}, {n}});
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void layerNormGeluSoftmax(long seed) {
        GradCheck gc = new GradCheck(seed);
        Random rng = gc.rng();
        int rows = between(rng, 1, 7), c = between(rng, 2, 70);
        gc.check("layerNorm", x -> Functional.layerNorm(x[0], x[1], x[2], 1e-5f),
                x -> Reference.layerNorm(x[0], x[1], x[2], c, 1e-5), new int[][] {{rows, c}, {c}, {c}});
        gc.check("gelu", x -> Functional.gelu(x[0]), x -> Reference.gelu(x[0]), new int[][] {{rows, c}});
        gc.check("softmax", x -> Functional.softmax(x[0]), x -> Reference.softmax(x[0], c), new int[][] {{rows, c}});
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void causalAttentionWithOddLengths(long seed) {
        GradCheck gc = new GradCheck(seed);
        Random rng = gc.rng();
        int b = between(rng, 1, 2), h = between(rng, 1, 3), t = new int[] {1, 7, 13, 33}[(int) seed - 1], d = between(rng, 1, 20);
        int[] shape = {b, h, t, d};
        gc.check("causalAttention T=" + t, x -> Functional.causalAttention(x[0], x[1], x[2]),
                x -> Reference.causalAttention(x[0], x[1], x[2], b * h, t, d), new int[][] {shape, shape, shape});
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void causalSelfAttentionOnThePackedProjection(long seed) {
        GradCheck gc = new GradCheck(seed);
        Random rng = gc.rng();
        int b = between(rng, 1, 2), h = between(rng, 1, 3), t = new int[] {1, 4, 9}[(int) seed - 1], d = between(rng, 1, 5);
        gc.check("causalSelfAttention T=" + t + " H=" + h + " D=" + d, x -> Functional.causalSelfAttention(x[0], h),
                x -> Reference.causalSelfAttention(x[0], b, t, h, d), new int[][] {{b, t, 3 * h * d}});
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void crossEntropyWithIgnoredTargets(long seed) {
        GradCheck gc = new GradCheck(seed);
        Random rng = gc.rng();
        int rows = between(rng, 2, 9), vocab = between(rng, 2, 60);
        int[] targets = new int[rows];
        for (int i = 0; i < rows; i++) targets[i] = rng.nextInt(4) == 0 ? Functional.IGNORE_INDEX : rng.nextInt(vocab);
        targets[0] = rng.nextInt(vocab);
        Tensor ids = Tensor.ofInts(targets, rows);
        gc.check("crossEntropy", x -> Functional.crossEntropy(x[0], ids),
                x -> new double[] {Reference.crossEntropy(x[0], targets, vocab, Functional.IGNORE_INDEX)}, new int[][] {{rows, vocab}});
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void embeddingScatterAddsRepeatedIds(long seed) {
        GradCheck gc = new GradCheck(seed);
        int vocab = 11, c = 6;
        int[] idValues = {3, 0, 3, 10, 3, 7};
        Tensor ids = Tensor.ofInts(idValues, 2, 3);
        gc.check("embedding", x -> Functional.embedding(ids, x[0]), x -> {
            double[] out = new double[idValues.length * c];
            for (int r = 0; r < idValues.length; r++) System.arraycopy(x[0], idValues[r] * c, out, r * c, c);
            return out;
        }, new int[][] {{vocab, c}});
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void viewsConcatAndSplit(long seed) {
        GradCheck gc = new GradCheck(seed);
        int a = 2, b = 5, c = 3;
        int[][] shapes = {{a, b, c}, {a, 2, c}};
        gc.check("concat+split+transpose+reshape", x -> {
            Tensor joined = Functional.concat(List.of(x[0], x[1]), 1);           // (a, b+2, c)
            List<Tensor> parts = Functional.split(joined, 1, 4, b - 2);          // (a,4,c), (a,b-2,c)
            Tensor left = parts.get(0).transpose(0, 2).reshape(-1);              // c*4*a
            Tensor right = parts.get(1).slice(2, 1, 3).mul(parts.get(1).slice(2, 0, 2)).reshape(-1);
            return Functional.concat(List.of(left, right), 0);
        }, x -> {
            int bj = b + 2;
            double[] joined = new double[a * bj * c];
            for (int i = 0; i < a; i++) {
                System.arraycopy(x[0], i * b * c, joined, i * bj * c, b * c);
                System.arraycopy(x[1], i * 2 * c, joined, (i * bj + b) * c, 2 * c);
            }
            double[] out = new double[c * 4 * a + a * (b - 2) * 2];
            int o = 0;
            for (int k = 0; k < c; k++) for (int j = 0; j < 4; j++) for (int i = 0; i < a; i++) out[o++] = joined[(i * bj + j) * c + k];
            for (int i = 0; i < a; i++) for (int j = 4; j < bj; j++) for (int k = 0; k < 2; k++) {
                out[o++] = joined[(i * bj + j) * c + k + 1] * joined[(i * bj + j) * c + k];
            }
            return out;
        }, shapes);
    }
}
