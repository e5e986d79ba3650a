package jgpt.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** Short SIMD loops over array rows shared by the kernels. */
final class VectorMath {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    // rotations by 8, 4, 2 and 1 lanes, the fixed steps of sumLanes; static final fields, so the JIT sees constants
    private static final VectorShuffle<Float> ROTATE_8 = rotation(8), ROTATE_4 = rotation(4), ROTATE_2 = rotation(2), ROTATE_1 = rotation(1);

    private VectorMath() {
    }

    private static VectorShuffle<Float> rotation(int lanes) {
        return VectorShuffle.iota(S, lanes % S.length(), 1, true);
    }

    /**
     * The sum of v's lanes, added in a fixed order. reduceLanes(ADD) leaves the order open, and interpreted
     * and compiled code choose differently, so the same inputs could give different sums before and after
     * the JIT warms up; a resumed training run must repeat an uninterrupted one bit for bit.
     */
    static float sumLanes(FloatVector v) {
        if (S.length() > 16) {
            float sum = 0;
            for (int i = 0; i < S.length(); i++) sum += v.lane(i);
            return sum;
        }
        if (S.length() == 16) v = v.add(v.rearrange(ROTATE_8));
        if (S.length() >= 8) v = v.add(v.rearrange(ROTATE_4));
        if (S.length() >= 4) v = v.add(v.rearrange(ROTATE_2));
        if (S.length() >= 2) v = v.add(v.rearrange(ROTATE_1));
        return v.lane(0);
    }

    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (; j < S.loopBound(n); j += S.length()) {
            acc = FloatVector.fromArray(S, a, ao + j).fma(FloatVector.fromArray(S, b, bo + j), acc);
        }
        float s = sumLanes(acc);
        for (; j < n; j++) s += a[ao + j] * b[bo + j];
        return s;
    }

    /** y[yo..] += alpha * x[xo..]. */
    static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        FloatVector va = FloatVector.broadcast(S, alpha);
        int j = 0;
        for (; j < S.loopBound(n); j += S.length()) {
            FloatVector.fromArray(S, x, xo + j).fma(va, FloatVector.fromArray(S, y, yo + j)).intoArray(y, yo + j);
        }
        for (; j < n; j++) y[yo + j] += alpha * x[xo + j];
    }

    /** x[o..] *= alpha. */
    static void scaleInPlace(float[] x, int o, int n, float alpha) {
        int j = 0;
        for (; j < S.loopBound(n); j += S.length()) FloatVector.fromArray(S, x, o + j).mul(alpha).intoArray(x, o + j);
        for (; j < n; j++) x[o + j] *= alpha;
    }

    static float max(float[] x, int o, int n) {
        FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int j = 0;
        for (; j < S.loopBound(n); j += S.length()) acc = acc.max(FloatVector.fromArray(S, x, o + j));
        float m = acc.reduceLanes(VectorOperators.MAX);
        for (; j < n; j++) m = Math.max(m, x[o + j]);
        return m;
    }

    static float sum(float[] x, int o, int n) {
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (; j < S.loopBound(n); j += S.length()) acc = acc.add(FloatVector.fromArray(S, x, o + j));
        float s = sumLanes(acc);
        for (; j < n; j++) s += x[o + j];
        return s;
    }

    private static final float EXP_HIGH = 88.3762626647949f, EXP_LOW = -87.33654f;
    private static final float LOG2E = 1.44269504088896341f, LN2_HIGH = 0.693359375f, LN2_LOW = -2.12194440e-4f;

    /**
     * e^x lane by lane (Cephes' expf: x = n ln2 + r, |r| <= ln2/2, a degree-7 polynomial for e^r, then the
     * exponent bits; within 2 ulp), 0 below -87.3 and infinity above 88.4. Built from exactly rounded lane
     * operations only, unlike lanewise(EXP), whose compiled and interpreted forms may round differently.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector clamped = x.max(EXP_LOW).min(EXP_HIGH);
        FloatVector scaled = clamped.mul(LOG2E).add(0.5f);
        FloatVector n = ((IntVector) scaled.convert(VectorOperators.F2I, 0)).convert(VectorOperators.I2F, 0).reinterpretAsFloats();
        n = n.sub(1f, n.compare(VectorOperators.GT, scaled));                                // floor, as truncation rounds up below 0
        FloatVector r = n.mul(-LN2_HIGH).add(clamped);
        r = n.mul(-LN2_LOW).add(r);
        FloatVector p = r.mul(1.9875691500e-4f).add(1.3981999507e-3f);
        p = p.mul(r).add(8.3334519073e-3f).mul(r).add(4.1665795894e-2f).mul(r).add(1.6666665459e-1f).mul(r).add(5.0000001201e-1f);
        p = p.mul(r.mul(r)).add(r).add(1f);
        IntVector exponent = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        FloatVector result = p.mul(exponent.reinterpretAsFloats());
        return result.blend(0f, x.compare(VectorOperators.LT, EXP_LOW)).blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_HIGH));
    }

    /** tanh lane by lane from {@link #exp}: sign(x) (1 - e^-2|x|) / (1 + e^-2|x|); absolute error below 1e-7. */
    static FloatVector tanh(FloatVector x) {
        FloatVector e = exp(x.abs().mul(-2f));
        FloatVector t = e.neg().add(1f).div(e.add(1f));
        return t.blend(t.neg(), x.compare(VectorOperators.LT, 0f));
    }

    /** out[oo + j] = exp(x[xo + j] - shift); returns the sum of the exponentials (accumulated in double). */
    static double expShifted(float[] x, int xo, float shift, float[] out, int oo, int n) {
        FloatVector vs = FloatVector.broadcast(S, shift);
        double total = 0;
        int j = 0;
        for (; j < S.loopBound(n); j += S.length()) {
            FloatVector e = exp(FloatVector.fromArray(S, x, xo + j).sub(vs));
            e.intoArray(out, oo + j);
            total += sumLanes(e);
        }
        for (; j < n; j++) {
            float e = (float) Math.exp(x[xo + j] - shift);
            out[oo + j] = e;
            total += e;
        }
        return total;
    }
}
