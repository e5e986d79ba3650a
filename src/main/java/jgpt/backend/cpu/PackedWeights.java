package jgpt.backend.cpu;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import jgpt.io.BFloat16;
import jgpt.tensor.PackedWeight;
import jgpt.tensor.WeightFormat;

/**
 * A Linear layer's weight (out, in) in reduced precision for inference, with y = x W^T + b over it. Decoding
 * reads every weight once per token, so it is bound by memory bandwidth: bf16 halves the bytes, int8 (one
 * float scale per row, the row's largest magnitude over 127) quarters them. Rows are split across threads.
 */
final class PackedWeights implements PackedWeight {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    // as many lanes as F: bf16 in half the bits, int8 in a quarter
    private static final VectorSpecies<Short> H = VectorSpecies.of(short.class, VectorShape.forBitSize(F.vectorBitSize() / 2));
    private static final VectorSpecies<Byte> Q = VectorSpecies.of(byte.class, VectorShape.forBitSize(F.vectorBitSize() / 4));
    private static final int GRAIN_ROWS = 64;

    private final WeightFormat format;
    private final int rows, cols;
    private final short[] bf16;
    private final byte[] int8;
    private final float[] scales;

    private PackedWeights(WeightFormat format, int rows, int cols, short[] bf16, byte[] int8, float[] scales) {
        this.format = format;
        this.rows = rows;
        this.cols = cols;
        this.bf16 = bf16;
        this.int8 = int8;
        this.scales = scales;
    }

    /** weight (rows, cols), row-major, packed as format (BF16 or INT8). */
    static PackedWeights pack(float[] weight, int rows, int cols, WeightFormat format) {
        return switch (format) {
            case BF16 -> {
                short[] packed = new short[rows * cols];
                for (int i = 0; i < packed.length; i++) packed[i] = BFloat16.fromFloat(weight[i]);
                yield new PackedWeights(format, rows, cols, packed, null, null);
            }
            case INT8 -> {
                byte[] packed = new byte[rows * cols];
                float[] scales = new float[rows];
                for (int r = 0; r < rows; r++) scales[r] = quantizeRow(weight, r * cols, cols, packed);
                yield new PackedWeights(format, rows, cols, null, packed, scales);
            }
            case FP32 -> throw new IllegalArgumentException("PackedWeights holds bf16 or int8 weights; float32 weights need no packing");
        };
    }

    // symmetric: q = round(w / scale) in [-127, 127], scale = max |w| / 127; returns the scale
    private static float quantizeRow(float[] w, int off, int n, byte[] out) {
        float max = 0;
        for (int j = 0; j < n; j++) max = Math.max(max, Math.abs(w[off + j]));
        float scale = max == 0 ? 1f : max / 127f;
        for (int j = 0; j < n; j++) out[off + j] = (byte) Math.round(w[off + j] / scale);
        return scale;
    }

    @Override
    public WeightFormat format() {
        return format;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    /** x (n, cols) -> y (n, rows) = x W^T + bias; bias (rows) may be null. */
    void multiply(ThreadPool pool, float[] x, int n, float[] bias, float[] y) {
        pool.parallelFor(rows, GRAIN_ROWS, (r0, r1) -> {
            float[] row = n > 1 ? new float[cols] : null;
            for (int r = r0; r < r1; r++) {
                float b = bias == null ? 0f : bias[r];
                if (n == 1) {
                    y[r] = dotRow(r, x, 0) + b;
                } else {
                    decodeRow(r, row);
                    for (int i = 0; i < n; i++) y[i * rows + r] = VectorMath.dot(row, 0, x, i * cols, cols) + b;
                }
            }
        });
    }

    /** dot(W row r, x[xo .. xo + cols)), reading the packed row once. */
    private float dotRow(int r, float[] x, int xo) {
        int off = r * cols, bound = F.loopBound(cols), j = 0;
        FloatVector a0 = FloatVector.zero(F), a1 = a0;
        if (format == WeightFormat.BF16) {
            for (; j + F.length() < bound; j += 2 * F.length()) {
                a0 = widen(off + j).fma(FloatVector.fromArray(F, x, xo + j), a0);
                a1 = widen(off + j + F.length()).fma(FloatVector.fromArray(F, x, xo + j + F.length()), a1);
            }
            for (; j < bound; j += F.length()) a0 = widen(off + j).fma(FloatVector.fromArray(F, x, xo + j), a0);
        } else {
            for (; j + F.length() < bound; j += 2 * F.length()) {
                a0 = dequantize(off + j).fma(FloatVector.fromArray(F, x, xo + j), a0);
                a1 = dequantize(off + j + F.length()).fma(FloatVector.fromArray(F, x, xo + j + F.length()), a1);
            }
            for (; j < bound; j += F.length()) a0 = dequantize(off + j).fma(FloatVector.fromArray(F, x, xo + j), a0);
        }
        float sum = VectorMath.sumLanes(a0.add(a1));
        for (; j < cols; j++) sum += weight(off + j) * x[xo + j];
        return format == WeightFormat.INT8 ? sum * scales[r] : sum;
    }

    /** Row r as floats (int8 rows already multiplied by their scale). */
    private void decodeRow(int r, float[] out) {
        int off = r * cols, bound = F.loopBound(cols), j = 0;
        float scale = format == WeightFormat.INT8 ? scales[r] : 1f;
        for (; j < bound; j += F.length()) {
            (format == WeightFormat.BF16 ? widen(off + j) : dequantize(off + j).mul(scale)).intoArray(out, j);
        }
        for (; j < cols; j++) out[j] = weight(off + j) * scale;
    }

    // bf16 is the top half of a float32: widen each 16-bit lane to 32 and shift it up
    private FloatVector widen(int at) {
        var halves = (IntVector) ShortVector.fromArray(H, bf16, at).convertShape(VectorOperators.S2I, I, 0);
        return halves.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    private FloatVector dequantize(int at) {
        return (FloatVector) ByteVector.fromArray(Q, int8, at).convertShape(VectorOperators.B2F, F, 0);
    }

    private float weight(int at) {
        return format == WeightFormat.BF16 ? BFloat16.toFloat(bf16[at]) : int8[at];
    }
}
