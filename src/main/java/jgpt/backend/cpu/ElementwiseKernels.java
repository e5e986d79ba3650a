package jgpt.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import jgpt.tensor.BinaryOp;

/** Strided copies, broadcasting arithmetic, reductions and activations. */
final class ElementwiseKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int GRAIN = 1 << 14;
    private static final float GELU_K = (float) Math.sqrt(2.0 / Math.PI);
    private static final float GELU_C = 0.044715f;

    private final ThreadPool pool;

    ElementwiseKernels(ThreadPool pool) {
        this.pool = pool;
    }

    /** Visits every row of the last axis of shape: (rowIndex, offset in view A, offset in view B). */
    private interface RowVisitor {
        void row(int row, int offsetA, int offsetB);
    }

    /** Calls visitor for rows [r0, r1) of shape, tracking two strided views' offsets with an odometer. */
    private static void forRows(int[] shape, int offA, int[] stridesA, int offB, int[] stridesB, int r0, int r1, RowVisitor visitor) {
        int rank = shape.length;
        int[] idx = new int[Math.max(0, rank - 1)];
        int rem = r0;
        for (int d = rank - 2; d >= 0; d--) {
            idx[d] = rem % shape[d];
            rem /= shape[d];
        }
        int a = offA, b = offB;
        for (int d = 0; d < rank - 1; d++) {
            a += idx[d] * stridesA[d];
            b += idx[d] * stridesB[d];
        }
        for (int r = r0; r < r1; r++) {
            visitor.row(r, a, b);
            for (int d = rank - 2; d >= 0; d--) {
                a += stridesA[d];
                b += stridesB[d];
                if (++idx[d] < shape[d]) break;
                a -= shape[d] * stridesA[d];
                b -= shape[d] * stridesB[d];
                idx[d] = 0;
            }
        }
    }

    private static int rows(int[] shape) {
        int rows = 1;
        for (int d = 0; d < shape.length - 1; d++) rows *= shape[d];
        return shape.length == 0 ? 1 : rows;
    }

    private static int last(int[] shape) {
        return shape.length == 0 ? 1 : shape[shape.length - 1];
    }

    void copyStrided(CpuStorage src, int srcOff, int[] srcStrides, CpuStorage dst, int dstOff, int[] dstStrides, int[] shape) {
        int cols = last(shape);
        int ss = shape.length == 0 ? 1 : srcStrides[shape.length - 1], ds = shape.length == 0 ? 1 : dstStrides[shape.length - 1];
        Object from = src.floats != null ? src.floats : src.ints, to = dst.floats != null ? dst.floats : dst.ints;
        pool.parallelFor(rows(shape), Math.max(1, GRAIN / Math.max(1, cols)), (r0, r1) ->
                forRows(shape, srcOff, srcStrides, dstOff, dstStrides, r0, r1, (r, a, b) -> {
                    if (ss == 1 && ds == 1) {
                        System.arraycopy(from, a, to, b, cols);
                    } else if (src.floats != null) {
                        for (int j = 0; j < cols; j++) dst.floats[b + j * ds] = src.floats[a + j * ss];
                    } else {
                        for (int j = 0; j < cols; j++) dst.ints[b + j * ds] = src.ints[a + j * ss];
                    }
                }));
    }

    void binary(BinaryOp op, float[] a, int aOff, int[] aStrides, float[] b, int bOff, int[] bStrides, float[] out, int[] shape) {
        int cols = last(shape);
        int sa = shape.length == 0 ? 1 : aStrides[shape.length - 1], sb = shape.length == 0 ? 1 : bStrides[shape.length - 1];
        pool.parallelFor(rows(shape), Math.max(1, GRAIN / Math.max(1, cols)), (r0, r1) ->
                forRows(shape, aOff, aStrides, bOff, bStrides, r0, r1, (r, ao, bo) -> {
                    int o = r * cols;
                    if (sa == 1 && sb == 1) binaryRow(op, a, ao, b, bo, out, o, cols);
                    else if (sa == 1 && sb == 0) binaryRowScalarB(op, a, ao, b[bo], out, o, cols);
                    else for (int j = 0; j < cols; j++) out[o + j] = op.apply(a[ao + j * sa], b[bo + j * sb]);
                }));
    }

    private static void binaryRow(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] out, int o, int n) {
        int j = 0;
        for (; j < S.loopBound(n); j += S.length()) {
            FloatVector x = FloatVector.fromArray(S, a, ao + j), y = FloatVector.fromArray(S, b, bo + j);
            apply(op, x, y).intoArray(out, o + j);
        }
        for (; j < n; j++) out[o + j] = op.apply(a[ao + j], b[bo + j]);
    }

    private static void binaryRowScalarB(BinaryOp op, float[] a, int ao, float b, float[] out, int o, int n) {
        FloatVector y = FloatVector.broadcast(S, b);
        int j = 0;
        for (; j < S.loopBound(n); j += S.length()) apply(op, FloatVector.fromArray(S, a, ao + j), y).intoArray(out, o + j);
        for (; j < n; j++) out[o + j] = op.apply(a[ao + j], b);
    }

    private static FloatVector apply(BinaryOp op, FloatVector x, FloatVector y) {
        return switch (op) {
            case ADD -> x.add(y);
            case SUB -> x.sub(y);
            case MUL -> x.mul(y);
            case DIV -> x.div(y);
        };
    }

    void scale(float[] x, float alpha, float[] out, int n) {
        pool.parallelFor(n, GRAIN, (s, e) -> {
            FloatVector va = FloatVector.broadcast(S, alpha);
            int j = s;
            for (; j < s + S.loopBound(e - s); j += S.length()) FloatVector.fromArray(S, x, j).mul(va).intoArray(out, j);
            for (; j < e; j++) out[j] = x[j] * alpha;
        });
    }

    /** y[yOff + i] += alpha * x[xOff + i]. */
    void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        pool.parallelFor(n, GRAIN, (s, e) -> {
            FloatVector va = FloatVector.broadcast(S, alpha);
            int j = s;
            for (; j < s + S.loopBound(e - s); j += S.length()) {
                FloatVector.fromArray(S, x, xOff + j).fma(va, FloatVector.fromArray(S, y, yOff + j)).intoArray(y, yOff + j);
            }
            for (; j < e; j++) y[yOff + j] += alpha * x[xOff + j];
        });
    }

    /** x (outer, mid, inner) -> out (outer, inner). */
    void sumMiddle(float[] x, int outer, int mid, int inner, float[] out) {
        pool.parallelFor(outer * inner, Math.max(S.length(), GRAIN / Math.max(1, mid)), (s, e) -> {
            for (int idx = s; idx < e; ) {
                int o = idx / inner, i0 = idx % inner, i1 = Math.min(inner, i0 + (e - idx));
                for (int m = 0; m < mid; m++) {
                    int base = (o * mid + m) * inner;
                    addRow(x, base + i0, out, o * inner + i0, i1 - i0);
                }
                idx += i1 - i0;
            }
        });
    }

    private static void addRow(float[] x, int xo, float[] acc, int ao, int n) {
        int j = 0;
        for (; j < S.loopBound(n); j += S.length()) {
            FloatVector.fromArray(S, acc, ao + j).add(FloatVector.fromArray(S, x, xo + j)).intoArray(acc, ao + j);
        }
        for (; j < n; j++) acc[ao + j] += x[xo + j];
    }

    double sumOfSquares(float[] x, int n) {
        double[] partial = new double[pool.threads()];
        int chunks = Math.min(pool.threads(), Math.max(1, n / GRAIN));
        pool.parallelFor(chunks, 1, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                int s = (int) ((long) n * c / chunks), e = (int) ((long) n * (c + 1) / chunks);
                double sum = 0;
                int j = s;
                for (; j + S.length() <= e; j += S.length()) {
                    FloatVector v = FloatVector.fromArray(S, x, j);
                    sum += VectorMath.sumLanes(v.mul(v));
                }
                for (; j < e; j++) sum += (double) x[j] * x[j];
                partial[c] = sum;
            }
        });
        double total = 0;
        for (double p : partial) total += p;
        return total;
    }

    void geluForward(float[] x, float[] out, int n) {
        pool.parallelFor(n, GRAIN, (s, e) -> {
            int j = s;
            for (; j < s + S.loopBound(e - s); j += S.length()) {
                FloatVector v = FloatVector.fromArray(S, x, j);
                FloatVector u = v.mul(v).mul(v).mul(GELU_C).add(v).mul(GELU_K);
                v.mul(0.5f).mul(VectorMath.tanh(u).add(1f)).intoArray(out, j);
            }
            for (; j < e; j++) {
                float v = x[j];
                out[j] = 0.5f * v * (1f + (float) Math.tanh(GELU_K * (v + GELU_C * v * v * v)));
            }
        });
    }

    void geluBackward(float[] dout, float[] x, float[] dx, int n) {
        pool.parallelFor(n, GRAIN, (s, e) -> {
            int j = s;
            for (; j < s + S.loopBound(e - s); j += S.length()) {
                FloatVector v = FloatVector.fromArray(S, x, j), v2 = v.mul(v);
                FloatVector th = VectorMath.tanh(v2.mul(v).mul(GELU_C).add(v).mul(GELU_K));
                FloatVector du = v2.mul(3f * GELU_C).add(1f).mul(GELU_K);
                FloatVector grad = th.add(1f).mul(0.5f).add(v.mul(0.5f).mul(th.mul(th).neg().add(1f)).mul(du));
                grad.mul(FloatVector.fromArray(S, dout, j)).intoArray(dx, j);
            }
            for (; j < e; j++) {
                float v = x[j];
                float th = (float) Math.tanh(GELU_K * (v + GELU_C * v * v * v));
                float du = GELU_K * (1f + 3f * GELU_C * v * v);
                dx[j] = dout[j] * (0.5f * (1f + th) + 0.5f * v * (1f - th * th) * du);
            }
        });
    }

    void dropout(float[] x, float[] out, int n, float p, long seed) {
        float keep = 1f / (1f - p);
        pool.parallelFor(n, GRAIN, (s, e) -> {
            for (int j = s; j < e; j++) out[j] = x[j] * (DropoutHash.uniform(seed, j) < p ? 0f : keep);
        });
    }
}
