package jgpt.tensor;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks an op against a double-precision reference of its forward pass: the float32 forward must match
 * the reference, and the float32 backward must match central finite differences of the reference.
 */
final class GradCheck {
    /** The op under test on float32 tensors. */
    interface Op {
        Tensor apply(Tensor[] inputs);
    }

    /** The same function written plainly in double precision, on flat row-major arrays. */
    interface Reference {
        double[] apply(double[][] inputs);
    }

    private final Random rng;
    private double tolerance = 2e-3;

    GradCheck(long seed) {
        this.rng = new Random(seed);
    }

    GradCheck tolerance(double value) {
        this.tolerance = value;
        return this;
    }

    Random rng() {
        return rng;
    }

    /** Random N(0,1) inputs of the given shapes, rounded to float so both paths see identical values. */
    double[][] randomInputs(int[]... shapes) {
        double[][] xs = new double[shapes.length][];
        for (int i = 0; i < shapes.length; i++) {
            xs[i] = new double[Shapes.numel(shapes[i])];
            for (int j = 0; j < xs[i].length; j++) xs[i][j] = (float) rng.nextGaussian();
        }
        return xs;
    }

    void check(String name, Op op, Reference ref, int[][] shapes) {
        check(name, op, ref, shapes, randomInputs(shapes));
    }

    void check(String name, Op op, Reference ref, int[][] shapes, double[][] values) {
        Tensor[] inputs = new Tensor[shapes.length];
        for (int i = 0; i < shapes.length; i++) inputs[i] = Tensor.of(toFloat(values[i]), shapes[i]).requiresGrad(true);
        Tensor out = op.apply(inputs);
        double[] expected = ref.apply(values);
        assertClose(name + " forward", toDouble(out.toFloatArray()), expected);

        double[] weights = new double[expected.length];
        for (int i = 0; i < weights.length; i++) weights[i] = (float) rng.nextGaussian();
        out.mul(Tensor.of(toFloat(weights), out.shape())).sum().backward();
        for (int i = 0; i < inputs.length; i++) {
            double[] numeric = numericGradient(ref, values, weights, i);
            assertThat(inputs[i].grad()).as(name + " gradient of input " + i).isNotNull();
            assertClose(name + " gradient of input " + i, toDouble(inputs[i].grad().toFloatArray()), numeric);
        }
    }

    /** d(sum(w * ref(x)))/dx_i by central differences in double precision. */
    private static double[] numericGradient(Reference ref, double[][] values, double[] weights, int input) {
        double[] x = values[input];
        double[] grad = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            double saved = x[j], h = 1e-6 * Math.max(1, Math.abs(saved));
            x[j] = saved + h;
            double up = weighted(ref.apply(values), weights);
            x[j] = saved - h;
            double down = weighted(ref.apply(values), weights);
            x[j] = saved;
            grad[j] = (up - down) / (2 * h);
        }
        return grad;
    }

    private static double weighted(double[] y, double[] w) {
        double s = 0;
        for (int i = 0; i < y.length; i++) s += y[i] * w[i];
        return s;
    }

    /** Relative error in norm within tolerance, and every element within tolerance of the scale. */
    void assertClose(String what, double[] actual, double[] expected) {
        assertThat(actual.length).as(what + " size").isEqualTo(expected.length);
        double diff = 0, norm = 0, scale = 1e-12;
        for (int i = 0; i < actual.length; i++) {
            diff += (actual[i] - expected[i]) * (actual[i] - expected[i]);
            norm += expected[i] * expected[i];
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        assertThat(Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-12)).as(what + " relative norm error").isLessThan(tolerance);
        for (int i = 0; i < actual.length; i++) {
            assertThat(Math.abs(actual[i] - expected[i])).as(what + " element " + i).isLessThan(tolerance * scale + 1e-6);
        }
    }

    static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
        return f;
    }

    static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        return d;
    }
}
