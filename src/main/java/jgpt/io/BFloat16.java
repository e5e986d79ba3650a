package jgpt.io;

/**
 * bfloat16: the top 16 bits of a float32 (sign, 8 exponent bits, 7 mantissa bits). Widening is
 * exact; narrowing rounds to nearest, ties to even, as PyTorch does.
 */
public final class BFloat16 {
    private BFloat16() {}

    /** The float whose value the bfloat16 bits {@code bits} hold (exact). */
    public static float toFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** The bfloat16 nearest to {@code value}, ties to even; overflow gives infinity, NaN stays NaN. */
    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            // quiet NaN with the same sign: rounding a NaN whose payload sits in the low bits could give infinity
            return (short) ((bits >>> 16) | 0x0040);
        }
        int roundingBias = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + roundingBias) >>> 16);
    }
}
