package jgpt.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Short SIMD loops over array rows shared by the kernels. */
final class VectorMath {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorMath() {
    }

    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (; j < S.loopBound(n); j += S.length()) {
            acc = FloatVector.fromArray(S, a, ao + j).fma(FloatVector.fromArray(S, b, bo + j), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
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
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) s += x[o + j];
        return s;
    }

    /** out[oo + j] = exp(x[xo + j] - shift); returns the sum of the exponentials (accumulated in double). */
    static double expShifted(float[] x, int xo, float shift, float[] out, int oo, int n) {
        FloatVector vs = FloatVector.broadcast(S, shift);
        double total = 0;
        int j = 0;
        for (; j < S.loopBound(n); j += S.length()) {
            FloatVector e = FloatVector.fromArray(S, x, xo + j).sub(vs).lanewise(VectorOperators.EXP);
            e.intoArray(out, oo + j);
            total += e.reduceLanes(VectorOperators.ADD);
        }
        for (; j < n; j++) {
            float e = (float) Math.exp(x[xo + j] - shift);
            out[oo + j] = e;
            total += e;
        }
        return total;
    }
}
