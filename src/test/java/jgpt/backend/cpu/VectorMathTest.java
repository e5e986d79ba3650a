package jgpt.backend.cpu;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The lane functions that replace lanewise(EXP), lanewise(TANH) and reduceLanes(ADD), against double precision. */
class VectorMathTest {
    private static final int L = VectorMath.S.length();

    private static float[] apply(java.util.function.UnaryOperator<FloatVector> f, float[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i += L) f.apply(FloatVector.fromArray(VectorMath.S, x, i)).intoArray(out, i);
        return out;
    }

    private static float[] grid(float from, float to, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = from + (to - from) * i / (n - 1);
        return x;
    }

    @Test
    void expIsWithinTwoUlpOfTheTrueValue() {
        float[] x = grid(-87f, 88f, 200_000 / L * L);
        float[] e = apply(VectorMath::exp, x);
        for (int i = 0; i < x.length; i++) {
            double exact = Math.exp(x[i]);
            assertThat(Math.abs(e[i] - exact)).as("exp(%s)", x[i]).isLessThanOrEqualTo(2 * Math.ulp((float) exact));
        }
    }

    @Test
    void expUnderflowsToZeroAndOverflowsToInfinity() {
        float[] x = new float[L];
        java.util.Arrays.fill(x, Float.NEGATIVE_INFINITY);
        x[1] = -90f;
        x[2 % L] = 0f;
        float[] e = apply(VectorMath::exp, x);
        assertThat(e[0]).isZero();
        if (L > 2) assertThat(e[1]).isZero();
        assertThat(e[2 % L]).isEqualTo(1f);
        java.util.Arrays.fill(x, 100f);
        assertThat(apply(VectorMath::exp, x)[0]).isEqualTo(Float.POSITIVE_INFINITY);
    }

    @Test
    void tanhIsWithinOneTenMillionth() {
        float[] x = grid(-12f, 12f, 100_000 / L * L);
        float[] t = apply(VectorMath::tanh, x);
        for (int i = 0; i < x.length; i++) assertThat((double) t[i]).as("tanh(%s)", x[i]).isCloseTo(Math.tanh(x[i]), within(1.2e-7));
    }

    @Test
    void sumLanesAddsEveryLane() {
        Random rng = new Random(3);
        float[] x = new float[L];
        double exact = 0;
        for (int i = 0; i < L; i++) exact += x[i] = (float) rng.nextGaussian();
        assertThat((double) VectorMath.sumLanes(FloatVector.fromArray(VectorMath.S, x, 0))).isCloseTo(exact, within(1e-5));
    }
}
