package jgpt.backend.cuda;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Host references for the bf16 kernels: rounding float32 to the nearest bf16 (ties to even) by comparing the distances
 * to the two neighbours, independently of the kernels' bit arithmetic; and comparisons in units of a bf16's last place.
 */
final class Bf16Rounding {
    private static final double OVERFLOW = Math.scalb(1.0, 128);  // where the bf16 after the largest finite one would be

    private Bf16Rounding() {
    }

    /** x rounded to the nearest bf16 value, ties to the one with an even last bit; NaN and infinities as they are. */
    static float round(float x) {
        if (Float.isNaN(x) || Float.isInfinite(x)) return x;
        int bits = Float.floatToRawIntBits(x);
        int towardZero = bits & 0xffff0000, awayFromZero = towardZero + 0x10000;
        double low = Math.abs((double) Float.intBitsToFloat(towardZero));
        double high = (awayFromZero & 0x7fffffff) == 0x7f800000 ? OVERFLOW : Math.abs((double) Float.intBitsToFloat(awayFromZero));
        double magnitude = Math.abs((double) x);
        double below = magnitude - low, above = high - magnitude;
        boolean away = above < below || above == below && (towardZero & 0x10000) != 0;
        return Float.intBitsToFloat(away ? awayFromZero : towardZero);
    }

    static float[] round(float[] xs) {
        float[] rounded = new float[xs.length];
        for (int i = 0; i < xs.length; i++) rounded[i] = round(xs[i]);
        return rounded;
    }

    /** N(0, 1) values scaled by scale, each rounded to bf16 (so that float32 and bf16 buffers hold the same values). */
    static float[] normal(Random rng, int n, float scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = round(scale * (float) rng.nextGaussian());
        return x;
    }

    /** The spacing of bf16 values at |x|: 2^(exponent - 7), or that of the subnormals (2^-133) near 0. */
    static double ulp(float x) {
        return Math.ulp(x) * 65536.0;
    }

    /** Each actual element within one bf16 place of expected's (a float32 result that actual is a rounding of), no NaN. */
    static void assertWithinUlp(String what, float[] actual, float[] expected) {
        assertThat(actual.length).as(what + " size").isEqualTo(expected.length);
        for (int i = 0; i < actual.length; i++) {
            assertThat(Float.isNaN(actual[i])).as(what + " element " + i + " is NaN").isFalse();
            double error = Math.abs((double) actual[i] - expected[i]);
            assertThat(error).as(what + " element " + i + ": " + actual[i] + " against " + expected[i]).isLessThanOrEqualTo(ulp(expected[i]));
        }
    }
}
