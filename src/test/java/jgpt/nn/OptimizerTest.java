package jgpt.nn;

import java.util.List;
import java.util.Random;
import jgpt.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Optimizers against PyTorch's update formulas written out in double precision. */
class OptimizerTest {

    /** torch.optim.AdamW's single-tensor update, in double precision. */
    private static void adamwReference(double[] p, double[] g, double[] m, double[] v, int step, double lr,
                                       double b1, double b2, double eps, double wd) {
        for (int i = 0; i < p.length; i++) {
            p[i] *= 1 - lr * wd;
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            double bc1 = 1 - Math.pow(b1, step), bc2 = 1 - Math.pow(b2, step);
            double denom = Math.sqrt(v[i]) / Math.sqrt(bc2) + eps;
            p[i] -= lr / bc1 * m[i] / denom;
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void adamwMatchesPyTorchFormulaStepByStep(long seed) {
        Random rng = new Random(seed);
        int n = 37 + rng.nextInt(100);
        Tensor weight = Tensor.randn(rng, 1f, n, 1).requiresGrad(true);   // a matrix: decayed
        Tensor bias = Tensor.randn(rng, 1f, n).requiresGrad(true);        // a vector: not decayed
        var params = List.of(new Parameter("w", weight), new Parameter("b", bias));
        double lr = 1e-2, wd = 0.1;
        AdamW opt = new AdamW(ParamGroup.decayMatricesOnly(params, (float) wd), (float) lr, 0.9f, 0.95f, 1e-8f);
        double[][] p = {toDouble(weight.toFloatArray()), toDouble(bias.toFloatArray())};
        double[][] m = new double[2][n], v = new double[2][n];
        for (int step = 1; step <= 6; step++) {
            Tensor gw = Tensor.randn(rng, step, n, 1), gb = Tensor.randn(rng, 0.1f, n);
            weight.zeroGrad();
            bias.zeroGrad();
            weight.mul(gw).sum().add(bias.mul(gb).sum()).backward();   // gradients are exactly gw and gb
            opt.step();
            adamwReference(p[0], toDouble(gw.toFloatArray()), m[0], v[0], step, lr, 0.9, 0.95, 1e-8, wd);
            adamwReference(p[1], toDouble(gb.toFloatArray()), m[1], v[1], step, lr, 0.9, 0.95, 1e-8, 0);
            assertRelative(weight.toFloatArray(), p[0], 1e-6);
            assertRelative(bias.toFloatArray(), p[1], 1e-6);
        }
        assertThat(opt.steps()).isEqualTo(6);
    }

    @Test
    void sgdWithMomentumMatchesPyTorchFormula() {
        Random rng = new Random(7);
        Tensor w = Tensor.randn(rng, 1f, 5, 3).requiresGrad(true);
        SGD opt = new SGD(ParamGroup.all(List.of(new Parameter("w", w)), 0.01f), 0.1f, 0.9f);
        double[] p = toDouble(w.toFloatArray()), buf = null;
        for (int step = 0; step < 4; step++) {
            Tensor g = Tensor.randn(rng, 1f, 5, 3);
            w.zeroGrad();
            w.mul(g).sum().backward();
            opt.step();
            double[] gd = toDouble(g.toFloatArray());
            double[] d = new double[p.length];
            for (int i = 0; i < p.length; i++) d[i] = gd[i] + 0.01 * p[i];
            if (buf == null) buf = d;
            else for (int i = 0; i < p.length; i++) buf[i] = 0.9 * buf[i] + d[i];
            for (int i = 0; i < p.length; i++) p[i] -= 0.1 * buf[i];
            assertRelative(w.toFloatArray(), p, 1e-6);
        }
    }

    @Test
    void clippingScalesToMaxNormAndReportsTheNormBefore() {
        Tensor a = Tensor.of(new float[] {3, 0}, 2).requiresGrad(true);
        Tensor b = Tensor.of(new float[] {0, 4}, 2).requiresGrad(true);
        a.mul(Tensor.of(new float[] {3, 0}, 2)).sum().add(b.mul(Tensor.of(new float[] {0, 4}, 2)).sum()).backward();
        var params = List.of(new Parameter("a", a), new Parameter("b", b));
        assertThat(GradientClipping.clipGlobalNorm(params, 1.0).item()).isCloseTo(5.0f, within(1e-6f));
        assertThat(a.grad().toFloatArray()[0]).isCloseTo(0.6f, within(1e-6f));
        assertThat(b.grad().toFloatArray()[1]).isCloseTo(0.8f, within(1e-6f));
        assertThat(GradientClipping.clipGlobalNorm(params, 10.0).item()).isCloseTo(1.0f, within(1e-5f));
        assertThat(a.grad().toFloatArray()[0]).isCloseTo(0.6f, within(1e-6f));
    }

    @Test
    void frozenParametersAreNotUpdated() {
        Linear layer = new Linear(4, 3, true, new Random(1));
        layer.freeze();
        float[] before = layer.weight().toFloatArray();
        AdamW opt = new AdamW(ParamGroup.all(layer.parameters(), 0.1f), 0.1f);
        opt.step();
        assertThat(layer.weight().toFloatArray()).containsExactly(before);
        assertThat(layer.weight().requiresGrad()).isFalse();
    }

    private static void assertRelative(float[] actual, double[] expected, double tol) {
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("element " + i).isCloseTo(expected[i], within(tol * Math.max(1, Math.abs(expected[i]))));
        }
    }

    private static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        return d;
    }
}
