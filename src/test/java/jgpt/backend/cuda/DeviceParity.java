package jgpt.backend.cuda;

import java.util.Random;
import java.util.function.Function;
import jgpt.tensor.Device;
import jgpt.tensor.Tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs an op on the CPU backend (the reference, itself checked against double-precision references and
 * finite differences) and on the CUDA backend with the same inputs, and compares outputs and gradients.
 */
final class DeviceParity {
    /** float32 on both sides, different summation orders: far below this. */
    static final double TOLERANCE = 1e-4;

    private DeviceParity() {
    }

    /** Skips the calling test class, with the reason in one line, where CUDA cannot be used. */
    static void assumeGpu() {
        CudaInfo info = CudaInfo.probe();
        assumeTrue(info.available(), () -> "no usable GPU: " + info.reason());
    }

    /** Random N(0, 1) values. */
    static float[] normal(Random rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) rng.nextGaussian();
        return x;
    }

    static int numel(int[] shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return n;
    }

    /** Forward and every input's gradient of op, on both devices, from N(0, 1) inputs of the given shapes. */
    static void check(String name, Random rng, Function<Tensor[], Tensor> op, int[]... shapes) {
        checkWithin(TOLERANCE, name, rng, op, shapes);
    }

    /** As check, with a given tolerance (bf16 products). */
    static void checkWithin(double tolerance, String name, Random rng, Function<Tensor[], Tensor> op, int[]... shapes) {
        float[][] values = new float[shapes.length][];
        for (int i = 0; i < shapes.length; i++) values[i] = normal(rng, numel(shapes[i]));
        check(name, rng, op, values, shapes, tolerance);
    }

    static void check(String name, Random rng, Function<Tensor[], Tensor> op, float[][] values, int[][] shapes) {
        check(name, rng, op, values, shapes, TOLERANCE);
    }

    private static void check(String name, Random rng, Function<Tensor[], Tensor> op, float[][] values, int[][] shapes, double tolerance) {
        Tensor[] cpu = new Tensor[shapes.length], gpu = new Tensor[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            cpu[i] = Tensor.of(values[i], shapes[i]).requiresGrad(true);
            gpu[i] = Tensor.of(values[i], shapes[i]).to(Device.CUDA).requiresGrad(true);
        }
        Tensor expected = op.apply(cpu), actual = op.apply(gpu);
        assertThat(actual.device()).as(name + " output device").isEqualTo(Device.CUDA);
        assertThat(actual.shape()).as(name + " output shape").isEqualTo(expected.shape());
        assertClose(name + " forward", actual.toFloatArray(), expected.toFloatArray(), tolerance);

        float[] weights = normal(rng, expected.size());
        expected.mul(Tensor.of(weights, expected.shape())).sum().backward();
        actual.mul(Tensor.of(weights, expected.shape()).to(Device.CUDA)).sum().backward();
        for (int i = 0; i < shapes.length; i++) {
            assertThat(gpu[i].grad()).as(name + " gradient of input " + i).isNotNull();
            assertThat(gpu[i].grad().device()).as(name + " gradient device").isEqualTo(Device.CUDA);
            assertClose(name + " gradient of input " + i, gpu[i].grad().toFloatArray(), cpu[i].grad().toFloatArray(), tolerance);
        }
    }

    static void assertClose(String what, float[] actual, float[] expected) {
        assertClose(what, actual, expected, TOLERANCE);
    }

    /** ||actual - expected|| / ||expected|| below tolerance, and no NaN. */
    static void assertClose(String what, float[] actual, float[] expected, double tolerance) {
        assertClose(what, actual, expected, tolerance, 1e-30);
    }

    /**
     * ||actual - expected|| / max(||expected||, floor) below tolerance, and no NaN: the floor for outputs that can be
     * rounding noise alone (a gradient that is 0 in exact arithmetic).
     */
    static void assertClose(String what, float[] actual, float[] expected, double tolerance, double floor) {
        assertThat(actual.length).as(what + " size").isEqualTo(expected.length);
        double diff = 0, norm = 0;
        for (int i = 0; i < actual.length; i++) {
            assertThat(Float.isNaN(actual[i])).as(what + " element " + i + " is NaN").isFalse();
            diff += ((double) actual[i] - expected[i]) * ((double) actual[i] - expected[i]);
            norm += (double) expected[i] * expected[i];
        }
        double relative = Math.sqrt(diff) / Math.max(Math.sqrt(norm), floor);
        assertThat(norm == 0 ? Math.sqrt(diff) : relative).as(what + " relative norm error").isLessThan(tolerance);
    }
}
