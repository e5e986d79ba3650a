package jgpt.backend.cuda;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import jgpt.backend.cuda.Bf16Bench.Buffer;
import jgpt.tensor.BinaryOp;
import jgpt.tensor.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static jgpt.tensor.DType.BFLOAT16;
import static jgpt.tensor.DType.FLOAT32;
import static jgpt.tensor.DType.INT32;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bf16 variants of binary, sumMiddle, geluBackward and dropout against the float32 kernels on the same values (bf16-rounded
 * wherever a buffer is bf16); bf16 outputs against the float32 result rounded.
 */
@ExtendWith(Bf16Bench.PerTest.class)
class Bf16ElementwiseTest {
    private final Bf16Bench bench = Bf16Bench.get();

    /** Every combination of float32 and bf16 for three buffers. */
    static Stream<Arguments> typeTriples() {
        List<Arguments> triples = new ArrayList<>();
        for (int i = 0; i < 8; i++) triples.add(Arguments.of(type(i & 4), type(i & 2), type(i & 1)));
        return triples.stream();
    }

    private static DType type(int bit) {
        return bit == 0 ? FLOAT32 : BFLOAT16;
    }

    /** a (shape of a's storage) op b over views of shape; offsets in elements. */
    private record BinaryCase(String name, int[] shape, int aSize, int aOffset, int[] aStrides, int bSize, int bOffset, int[] bStrides) {
    }

    private static final List<BinaryCase> BINARY_CASES = List.of(
            new BinaryCase("dense, four a thread", new int[] {6, 40}, 240, 0, new int[] {40, 1}, 240, 0, new int[] {40, 1}),
            new BinaryCase("bias broadcast over rows", new int[] {6, 40}, 240, 0, new int[] {40, 1}, 40, 0, new int[] {0, 1}),
            new BinaryCase("broadcast along the inner axis", new int[] {6, 40}, 240, 0, new int[] {40, 1}, 6, 0, new int[] {1, 0}),
            new BinaryCase("misaligned starts", new int[] {6, 40}, 240, 1, new int[] {40, 1}, 240, 3, new int[] {40, 1}),
            new BinaryCase("transposed a", new int[] {6, 40}, 240, 0, new int[] {1, 6}, 240, 0, new int[] {40, 1}),
            new BinaryCase("odd sizes", new int[] {7, 13}, 91, 0, new int[] {13, 1}, 91, 0, new int[] {13, 1}),
            new BinaryCase("a residual row of GPT-2", new int[] {64, 768}, 64 * 768, 0, new int[] {768, 1}, 64 * 768, 0, new int[] {768, 1}));

    @ParameterizedTest(name = "{0} op {1} -> {2}")
    @MethodSource("typeTriples")
    void binaryMatchesTheFloatKernel(DType aType, DType bType, DType outType) {
        Random rng = new Random(21);
        for (BinaryOp op : BinaryOp.values()) {
            for (BinaryCase c : BINARY_CASES) {
                String what = op + " " + aType + ", " + bType + " -> " + outType + ", " + c.name();
                float[] a = valuesOf(aType, DeviceParity.normal(rng, c.aSize())), b = valuesOf(bType, DeviceParity.normal(rng, c.bSize()));
                int n = DeviceParity.numel(c.shape());
                Buffer a32 = bench.buffer(FLOAT32, a, c.aOffset()), b32 = bench.buffer(FLOAT32, b, c.bOffset()), out32 = bench.zeros(FLOAT32, n);
                bench.elementwise.binary(op, a32.address(), FLOAT32, c.aStrides(), b32.address(), FLOAT32, c.bStrides(), out32.address(), FLOAT32, c.shape());
                Buffer av = bench.buffer(aType, a, c.aOffset()), bv = bench.buffer(bType, b, c.bOffset()), out = bench.zeros(outType, n);
                bench.elementwise.binary(op, av.address(), aType, c.aStrides(), bv.address(), bType, c.bStrides(), out.address(), outType, c.shape());
                assertThat(bench.read(out)).as(what).containsExactly(valuesOf(outType, bench.read(out32)));
            }
        }
    }

    // bf16 branches keep their type through dropout (autocast's rule) and are dropped where float32 ones are
    @ParameterizedTest(name = "dropout {0} -> {1}")
    @CsvSource({"FLOAT32, BFLOAT16", "BFLOAT16, FLOAT32", "BFLOAT16, BFLOAT16"})
    void dropoutMatchesTheFloatKernel(DType xType, DType outType) {
        int n = 10_007;
        float[] x = valuesOf(xType, DeviceParity.normal(new Random(22), n));
        Buffer x32 = bench.buffer(FLOAT32, x, 0), out32 = bench.zeros(FLOAT32, n);
        bench.elementwise.dropout(x32.address(), FLOAT32, out32.address(), FLOAT32, n, 0.1f, 5L);
        Buffer xv = bench.buffer(xType, x, 0), out = bench.zeros(outType, n);
        bench.elementwise.dropout(xv.address(), xType, out.address(), outType, n, 0.1f, 5L);
        assertThat(bench.read(out)).isEqualTo(valuesOf(outType, bench.read(out32)));
    }

    // the values a buffer of type holds: rounded where it is bf16
    private static float[] valuesOf(DType type, float[] values) {
        return type == BFLOAT16 ? Bf16Rounding.round(values) : values;
    }

    @Test
    void binaryRefusesInt32() {
        Buffer ints = bench.ints(new int[4]), floats = bench.zeros(FLOAT32, 4);
        int[] dense = {1}, shape = {4};
        assertThatThrownBy(() -> bench.elementwise.binary(BinaryOp.ADD, ints.address(), INT32, dense, floats.address(), FLOAT32, dense,
                floats.address(), FLOAT32, shape))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("int32, float32, float32");
    }

    // (outer, mid, inner): column blocks; partial sums over chunks of the middle axis first; rows (inner 1)
    @ParameterizedTest(name = "({0}, {1}, {2})")
    @CsvSource({"3, 50, 7", "2, 4096, 40", "1, 1000, 768", "5, 33, 1", "4, 3, 100"})
    void sumMiddleOfBf16MatchesTheFloatKernel(int outer, int mid, int inner) {
        float[] x = Bf16Rounding.normal(new Random(outer * mid + inner), outer * mid * inner, 1f);
        Buffer x32 = bench.buffer(FLOAT32, x), x16 = bench.buffer(BFLOAT16, x);
        Buffer expected = bench.zeros(FLOAT32, outer * inner), actual = bench.zeros(FLOAT32, outer * inner);
        bench.elementwise.sumMiddle(x32.address(), FLOAT32, outer, mid, inner, expected.address());
        bench.elementwise.sumMiddle(x16.address(), BFLOAT16, outer, mid, inner, actual.address());
        DeviceParity.assertClose("sumMiddle", bench.read(actual), bench.read(expected), 1e-6);
    }

    // n a multiple of 8 at aligned starts: eight a thread; an odd n or a misaligned start: one at a time
    @ParameterizedTest(name = "dout {0}, x {1} -> dx {2}")
    @MethodSource("typeTriples")
    void geluBackwardMatchesTheFloatKernel(DType doutType, DType xType, DType dxType) {
        Random rng = new Random(31);
        for (int[] c : new int[][] {{4096, 0, 0}, {1001, 0, 0}, {4096, 1, 0}, {4096, 0, 8}, {4096, 0, 3}}) {
            int n = c[0], doutOffset = c[1], xOffset = c[2];
            String what = "geluBackward " + doutType + ", " + xType + " -> " + dxType + ", n " + n + " offsets " + doutOffset + ", " + xOffset;
            float[] dout = valuesOf(doutType, DeviceParity.normal(rng, n)), raw = DeviceParity.normal(rng, n);
            for (int i = 0; i < n; i += 97) raw[i] *= 4;  // a few in GELU's tails
            float[] x = valuesOf(xType, raw);
            Buffer dx32 = bench.zeros(FLOAT32, n);
            bench.elementwise.geluBackward(bench.buffer(FLOAT32, dout).address(), FLOAT32, bench.buffer(FLOAT32, x).address(), FLOAT32, dx32.address(),
                    FLOAT32, n);
            float[] expected = bench.read(dx32);
            Buffer dx = bench.zeros(dxType, n);
            bench.elementwise.geluBackward(bench.buffer(doutType, dout, doutOffset).address(), doutType, bench.buffer(xType, x, xOffset).address(),
                    xType, dx.address(), dxType, n);
            if (dxType == BFLOAT16) {
                Bf16Rounding.assertWithinUlp(what, bench.read(dx), expected);
            } else {
                DeviceParity.assertClose(what, bench.read(dx), expected, 1e-6);
            }
        }
    }
}
