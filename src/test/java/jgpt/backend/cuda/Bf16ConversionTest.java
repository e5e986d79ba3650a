package jgpt.backend.cuda;

import java.util.Arrays;
import java.util.Random;
import jgpt.backend.cuda.Bf16Bench.Buffer;
import jgpt.tensor.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static jgpt.tensor.DType.BFLOAT16;
import static jgpt.tensor.DType.FLOAT32;
import static jgpt.tensor.DType.INT32;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ElementwiseKernels.copyStrided between float32, bf16 and int32 views, against host references. */
@ExtendWith(Bf16Bench.PerTest.class)
class Bf16ConversionTest {
    private final Bf16Bench bench = Bf16Bench.get();

    /** Ties, neighbours of ties, overflow, subnormals, zeros, infinities and NaN, then random bit patterns. */
    private static float[] testValues() {
        int[] chosen = {0x3f800000, 0x3f808000, 0x3f818000, 0x3f808001, 0x3f817fff, 0xbf808000, 0xbf818000, 0x7f7f7fff,
                0x7f7f8000, 0x7f7fffff, 0xff7fffff, 0x00000001, 0x00008000, 0x00008001, 0x00018000, 0x007fffff, 0x807fffff,
                0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00001, 0x7f800001};
        Random rng = new Random(11);
        float[] values = new float[4096];
        for (int i = 0; i < values.length; i++) {
            int bits = i < chosen.length ? chosen[i] : rng.nextInt();
            if (i >= chosen.length && i % 3 == 0) bits = bits & 0xffff0000 | 0x8000;  // a tie
            values[i] = Float.intBitsToFloat(bits);
        }
        return values;
    }

    // offset 0 and 4: four elements a thread (8-byte bf16 stores); 1: one at a time
    @ParameterizedTest(name = "bf16 offset {0}")
    @ValueSource(ints = {0, 1, 4})
    void floatToBf16RoundsToNearestEvenAsTheHostReference(int offset) {
        float[] values = testValues();
        float[] actual = bench.read(bench.buffer(BFLOAT16, values, offset));
        for (int i = 0; i < values.length; i++) {
            String what = "element " + i + " (bits " + Integer.toHexString(Float.floatToRawIntBits(values[i])) + ")";
            float expected = Bf16Rounding.round(values[i]);
            if (Float.isNaN(expected)) {
                assertThat(actual[i]).as(what).isNaN();
            } else {
                assertThat(Float.floatToRawIntBits(actual[i])).as(what).isEqualTo(Float.floatToRawIntBits(expected));
            }
        }
    }

    @ParameterizedTest(name = "float offset {0}")
    @ValueSource(ints = {0, 1, 4})
    void bf16ToFloatWidensExactly(int offset) {
        float[] values = testValues();
        Buffer bf16 = bench.buffer(BFLOAT16, values);
        Buffer floats = bench.zeros(FLOAT32, values.length, offset);
        int[] dense = {1}, shape = {values.length};
        bench.elementwise.copyStrided(bf16.address(), BFLOAT16, dense, floats.address(), FLOAT32, dense, shape);
        float[] expected = bench.read(bf16), actual = bench.read(floats);
        for (int i = 0; i < values.length; i++) {
            if (Float.isNaN(expected[i])) {
                assertThat(actual[i]).as("element " + i).isNaN();
            } else {
                assertThat(Float.floatToRawIntBits(actual[i])).as("element " + i).isEqualTo(Float.floatToRawIntBits(expected[i]));
            }
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"FLOAT32, FLOAT32", "INT32, INT32", "BFLOAT16, BFLOAT16", "FLOAT32, BFLOAT16", "BFLOAT16, FLOAT32"})
    void stridedViewsOfEveryDtypePair(DType srcType, DType dstType) {
        // a transpose (one element a thread); a permutation keeping 16 contiguous elements (four a thread); and the same
        // at misaligned starts (one a thread)
        check(srcType, dstType, new int[] {8, 6}, new int[] {1, 8}, 0, new int[] {6, 1}, 0);
        check(srcType, dstType, new int[] {5, 3, 16}, new int[] {16, 80, 1}, 0, new int[] {48, 16, 1}, 0);
        check(srcType, dstType, new int[] {5, 3, 16}, new int[] {16, 80, 1}, 1, new int[] {48, 16, 1}, 3);
        check(srcType, dstType, new int[] {5, 3, 16}, new int[] {16, 80, 1}, 4, new int[] {48, 16, 1}, 8);
    }

    private void check(DType srcType, DType dstType, int[] shape, int[] srcStrides, int srcOffset, int[] dstStrides, int dstOffset) {
        int n = DeviceParity.numel(shape);
        String what = srcType + " -> " + dstType + " shape " + Arrays.toString(shape) + " offsets " + srcOffset + ", " + dstOffset;
        int[] from = Bf16Bench.viewOffsets(shape, srcStrides), to = Bf16Bench.viewOffsets(shape, dstStrides);
        Random rng = new Random(n + srcOffset);
        if (srcType == INT32) {
            int[] src = rng.ints(n, -1_000_000, 1_000_000).toArray(), expected = new int[n];
            for (int i = 0; i < n; i++) expected[to[i]] = src[from[i]];
            Buffer source = bench.ints(src, srcOffset), target = bench.zeros(INT32, n, dstOffset);
            bench.elementwise.copyStrided(source.address(), INT32, srcStrides, target.address(), INT32, dstStrides, shape);
            assertThat(bench.readInts(target)).as(what).containsExactly(expected);
            return;
        }
        float[] src = DeviceParity.normal(rng, n), expected = new float[n];
        if (srcType == BFLOAT16) src = Bf16Rounding.round(src);
        for (int i = 0; i < n; i++) expected[to[i]] = dstType == BFLOAT16 ? Bf16Rounding.round(src[from[i]]) : src[from[i]];
        Buffer source = bench.buffer(srcType, src, srcOffset), target = bench.zeros(dstType, n, dstOffset);
        bench.elementwise.copyStrided(source.address(), srcType, srcStrides, target.address(), dstType, dstStrides, shape);
        assertThat(bench.read(target)).as(what).containsExactly(expected);
    }

    @Test
    void int32IsCopiedOnlyToInt32() {
        int[] dense = {1}, shape = {4};
        Buffer ints = bench.ints(new int[] {1, 2, 3, 4}), floats = bench.zeros(FLOAT32, 4), bf16 = bench.zeros(BFLOAT16, 4);
        for (Buffer[] pair : new Buffer[][] {{ints, floats}, {floats, ints}, {ints, bf16}, {bf16, ints}}) {
            assertThatThrownBy(() -> bench.elementwise.copyStrided(pair[0].address(), pair[0].type(), dense, pair[1].address(),
                    pair[1].type(), dense, shape))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("int32")
                    .hasMessageContaining(pair[0].type() == INT32 ? pair[1].type().name().toLowerCase() : pair[0].type().name().toLowerCase());
        }
    }
}
