package jgpt.tensor;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Functional.linear and linearGelu as one op: forward and every gradient against a double reference with finite
 * differences, and against the unfused composition of matmul, bias add and gelu that they replace.
 */
class FusedLinearTest {
    private static final double COMPOSITION_TOLERANCE = 1e-6;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void forwardAndGradientsMatchTheReference(long seed) {
        GradCheck gc = new GradCheck(seed);
        Random rng = gc.rng();
        int b = 1 + rng.nextInt(3), t = 1 + rng.nextInt(7), in = 1 + rng.nextInt(37), out = 1 + rng.nextInt(19);
        int[][] withBias = {{b, t, in}, {out, in}, {out}}, withoutBias = {{b, t, in}, {out, in}};
        gc.check("linear " + b + "x" + t + "x" + in + " -> " + out, x -> Functional.linear(x[0], x[1], x[2]),
                x -> reference(x, b * t, in, out, false), withBias);
        gc.check("linearGelu", x -> Functional.linearGelu(x[0], x[1], x[2]), x -> reference(x, b * t, in, out, true), withBias);
        gc.check("linear without bias", x -> Functional.linear(x[0], x[1], null), x -> reference(x, b * t, in, out, false), withoutBias);
        gc.check("linearGelu without bias", x -> Functional.linearGelu(x[0], x[1], null),
                x -> reference(x, b * t, in, out, true), withoutBias);
    }

    @Test
    void fusedOpsRecordOneNodeAndEqualTheUnfusedComposition() {
        Random rng = new Random(7);
        Tensor[] fused = inputs(rng, 3, 13, 37, 21), plain = copies(fused);
        Tensor y = Functional.linearGelu(fused[0], fused[1], fused[2]);
        assertThat(y.gradFn().op()).isEqualTo("linearGelu");
        assertThat(y.gradFn().inputs()).containsExactly(fused[0], fused[1], fused[2]);
        Tensor expected = Functional.gelu(plain[0].matmul(plain[1].transpose(0, 1)).add(plain[2]));
        assertSameValuesAndGradients("linearGelu", y, fused, expected, plain, rng);

        Tensor[] fusedLinear = inputs(rng, 2, 5, 9, 6), plainLinear = copies(fusedLinear);
        Tensor z = Functional.linear(fusedLinear[0], fusedLinear[1], fusedLinear[2]);
        assertThat(z.gradFn().op()).isEqualTo("linear");
        assertSameValuesAndGradients("linear", z, fusedLinear,
                plainLinear[0].matmul(plainLinear[1].transpose(0, 1)).add(plainLinear[2]), plainLinear, rng);
    }

    @Test
    void viewsTheKernelsCannotReadGoThroughTheUnfusedOps() {
        GradCheck gc = new GradCheck(11);
        int n = 6, in = 5, out = 4;
        // x as a transposed view, W as a transposed view of a stored (in, out) matrix
        gc.check("linearGelu of transposed views", x -> {
            Tensor y = Functional.linearGelu(x[0].transpose(0, 1), x[1].transpose(0, 1), x[2]);
            assertThat(y.gradFn().op()).isEqualTo("gelu");
            return y;
        }, x -> reference(new double[][] {transpose(x[0], in, n), transpose(x[1], in, out), x[2]}, n, in, out, true),
                new int[][] {{in, n}, {in, out}, {out}});
        // x starting at an offset into its storage
        gc.check("linear of a slice", x -> Functional.linear(x[0].slice(0, 1, n + 1), x[1], x[2]),
                x -> reference(new double[][] {java.util.Arrays.copyOfRange(x[0], in, (n + 1) * in), x[1], x[2]}, n, in, out, false),
                new int[][] {{n + 2, in}, {out, in}, {out}});
    }

    @Test
    void onlyTheInputsThatNeedGradientsGetThem() {
        Random rng = new Random(3);
        Tensor x = Tensor.randn(rng, 1, 4, 7), w = Tensor.randn(rng, 1, 5, 7).requiresGrad(true), b = Tensor.randn(rng, 1, 5);
        Functional.linearGelu(x, w, b).sum().backward();
        assertThat(x.grad()).isNull();
        assertThat(b.grad()).isNull();
        Tensor wPlain = w.detach().requiresGrad(true);
        Functional.gelu(x.matmul(wPlain.transpose(0, 1)).add(b)).sum().backward();
        assertClose("weight gradient", w.grad().toFloatArray(), wPlain.grad().toFloatArray());
    }

    @Test
    void withoutGradientsTheForwardIsTheSame() {
        Tensor[] in = inputs(new Random(5), 2, 3, 11, 8);
        Tensor recorded = Functional.linearGelu(in[0], in[1], in[2]);
        try (var noGrad = Tensor.noGrad()) {
            Tensor inference = Functional.linearGelu(in[0], in[1], in[2]);
            assertThat(inference.requiresGrad()).isFalse();
            assertClose("inference forward", inference.toFloatArray(), recorded.toFloatArray());
        }
    }

    @Test
    void mismatchedShapesAreReportedAsBefore() {
        assertThatThrownBy(() -> Functional.linearGelu(Tensor.zeros(2, 3), Tensor.zeros(4, 5), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("matmul: shapes [2,3] and [5,4] do not align");
        assertThatThrownBy(() -> Functional.linear(Tensor.zeros(2, 3), Tensor.zeros(4, 3), Tensor.zeros(5)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // x (N, in), W (out, in), b (out) or absent -> act(x W^T + b) in double
    private static double[] reference(double[][] x, int n, int in, int out, boolean gelu) {
        double[] y = Reference.matmul(x[0], x[1], 1, n, out, in, false, true, true);
        if (x.length > 2) for (int i = 0; i < y.length; i++) y[i] += x[2][i % out];
        return gelu ? Reference.gelu(y) : y;
    }

    // (rows, cols) row-major -> (cols, rows)
    private static double[] transpose(double[] a, int rows, int cols) {
        double[] t = new double[a.length];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) t[c * rows + r] = a[r * cols + c];
        return t;
    }

    // x (b, t, in), W (out, in), bias (out), all needing gradients
    private static Tensor[] inputs(Random rng, int b, int t, int in, int out) {
        return new Tensor[] {Tensor.randn(rng, 1, b, t, in).requiresGrad(true), Tensor.randn(rng, 0.3f, out, in).requiresGrad(true),
                Tensor.randn(rng, 1, out).requiresGrad(true)};
    }

    private static Tensor[] copies(Tensor[] tensors) {
        Tensor[] out = new Tensor[tensors.length];
        for (int i = 0; i < out.length; i++) out[i] = Tensor.of(tensors[i].toFloatArray(), tensors[i].shape()).requiresGrad(true);
        return out;
    }

    private static void assertSameValuesAndGradients(String name, Tensor actual, Tensor[] actualInputs, Tensor expected,
                                                     Tensor[] expectedInputs, Random rng) {
        assertClose(name + " forward", actual.toFloatArray(), expected.toFloatArray());
        Tensor weights = Tensor.randn(rng, 1, expected.shape());
        actual.mul(weights).sum().backward();
        expected.mul(weights).sum().backward();
        for (int i = 0; i < actualInputs.length; i++) {
            assertClose(name + " gradient of input " + i, actualInputs[i].grad().toFloatArray(), expectedInputs[i].grad().toFloatArray());
        }
    }

    private static void assertClose(String what, float[] actual, float[] expected) {
        assertThat(actual).as(what + " size").hasSameSizeAs(expected);
        double diff = 0, norm = 0;
        for (int i = 0; i < actual.length; i++) {
            diff += ((double) actual[i] - expected[i]) * ((double) actual[i] - expected[i]);
            norm += (double) expected[i] * expected[i];
        }
        assertThat(Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-30)).as(what + " relative norm error").isLessThan(COMPOSITION_TOLERANCE);
    }
}
