package jgpt.backend.cuda;

import java.util.Arrays;
import java.util.Random;
import jgpt.backend.cuda.Bf16Bench.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static jgpt.tensor.DType.BFLOAT16;
import static jgpt.tensor.DType.FLOAT32;
import static jgpt.tensor.DType.INT32;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * LayerNorm with a bf16 output (forward) and a bf16 output gradient (backward) against the float32 kernels: the
 * register-resident kernels (C = 128 k, k <= 8, aligned rows) and the general ones (any other C, or a misaligned start).
 */
@ExtendWith(Bf16Bench.PerTest.class)
class Bf16LayerNormTest {
    private static final float EPS = 1e-5f;
    private final Bf16Bench bench = Bf16Bench.get();

    /** x (rows, c), gamma, beta (c): rows with their own mean and spread. */
    private record Inputs(Buffer x, Buffer gamma, Buffer beta) {
        static Inputs random(Bf16Bench bench, int rows, int c) {
            Random rng = new Random(rows * 31L + c);
            float[] x = DeviceParity.normal(rng, rows * c), gamma = DeviceParity.normal(rng, c), beta = DeviceParity.normal(rng, c);
            for (int i = 0; i < x.length; i++) x[i] = x[i] * (1 + (i / c) % 3) + (i / c) % 5 - 2;
            for (int j = 0; j < c; j++) gamma[j] = 1 + 0.2f * gamma[j];
            return new Inputs(bench.buffer(FLOAT32, x), bench.buffer(FLOAT32, gamma), bench.buffer(FLOAT32, beta));
        }
    }

    // outOffset in bf16 elements: 2 (4 bytes) is too misaligned for the register kernel's 8-byte stores, 4 is not. The
    // float32 reference runs the same kernel (an output 4 bytes off 16 takes the general one): the two kernels differ
    // in float rounding, which outputs near 0 (x near the mean, beta near 0) magnify beyond a bf16 place.
    @ParameterizedTest(name = "C = {0}, rows {1}, out at {2}")
    @CsvSource({"5, 37, 0", "100, 37, 0", "128, 37, 0", "768, 37, 0", "768, 37, 2", "768, 37, 4", "1000, 37, 0", "1024, 37, 0",
            "768, 2048, 0"})
    void forwardWithBf16OutputRoundsTheFloatResult(int c, int rows, int outOffset) {
        Inputs in = Inputs.random(bench, rows, c);
        int floatOffset = outOffset % 4 == 0 ? 0 : 1;
        Buffer out32 = bench.zeros(FLOAT32, rows * c, floatOffset), mean32 = bench.zeros(FLOAT32, rows), rstd32 = bench.zeros(FLOAT32, rows);
        bench.layerNorm.forward(in.x().address(), in.gamma().address(), in.beta().address(), rows, c, EPS, out32.address(), FLOAT32,
                mean32.address(), rstd32.address());
        Buffer out = bench.zeros(BFLOAT16, rows * c, outOffset), mean = bench.zeros(FLOAT32, rows), rstd = bench.zeros(FLOAT32, rows);
        bench.layerNorm.forward(in.x().address(), in.gamma().address(), in.beta().address(), rows, c, EPS, out.address(), BFLOAT16,
                mean.address(), rstd.address());
        String what = "layerNorm C=" + c + " rows=" + rows + " out at " + outOffset;
        Bf16Rounding.assertWithinUlp(what + " output", bench.read(out), bench.read(out32));
        DeviceParity.assertClose(what + " mean", bench.read(mean), bench.read(mean32), 1e-6);
        DeviceParity.assertClose(what + " rstd", bench.read(rstd), bench.read(rstd32), 1e-6);
    }

    // rows 300 and 2048: the parameter gradients sum rows in 2 and 16 chunks
    @ParameterizedTest(name = "C = {0}, rows {1}, dout at {2}")
    @CsvSource({"5, 37, 0", "100, 37, 0", "128, 37, 0", "768, 300, 0", "768, 300, 2", "1000, 300, 0", "1024, 37, 0", "768, 2048, 0"})
    void backwardFromBf16GradientMatchesTheFloatKernel(int c, int rows, int doutOffset) {
        Inputs in = Inputs.random(bench, rows, c);
        Buffer mean = bench.zeros(FLOAT32, rows), rstd = bench.zeros(FLOAT32, rows), out = bench.zeros(FLOAT32, rows * c);
        bench.layerNorm.forward(in.x().address(), in.gamma().address(), in.beta().address(), rows, c, EPS, out.address(), FLOAT32,
                mean.address(), rstd.address());
        float[] dout = Bf16Rounding.normal(new Random(c + rows), rows * c, 1f);
        Buffer[] expected = backward(in, bench.buffer(FLOAT32, dout), false, mean, rstd, rows, c);
        Buffer[] actual = backward(in, bench.buffer(BFLOAT16, dout, doutOffset), true, mean, rstd, rows, c);
        String what = "layerNorm backward C=" + c + " rows=" + rows + " dout at " + doutOffset;
        String[] names = {" dx", " dgamma", " dbeta"};
        for (int i = 0; i < 3; i++) DeviceParity.assertClose(what + names[i], bench.read(actual[i]), bench.read(expected[i]), 1e-6);
    }

    // {dx, dgamma, dbeta}; the parameter gradients accumulate onto a start of 1 (as over micro-batches)
    private Buffer[] backward(Inputs in, Buffer dout, boolean bf16, Buffer mean, Buffer rstd, int rows, int c) {
        float[] ones = new float[c];
        Arrays.fill(ones, 1f);
        Buffer dx = bench.zeros(FLOAT32, rows * c), dgamma = bench.buffer(FLOAT32, ones), dbeta = bench.buffer(FLOAT32, ones);
        if (bf16) {
            bench.layerNorm.backward(dout.address(), BFLOAT16, in.x().address(), in.gamma().address(), mean.address(), rstd.address(),
                    rows, c, dx.address(), dgamma.address(), dbeta.address());
        } else {
            bench.layerNorm.backward(dout.address(), FLOAT32, in.x().address(), in.gamma().address(), mean.address(), rstd.address(), rows, c,
                    dx.address(), dgamma.address(), dbeta.address());
        }
        return new Buffer[] {dx, dgamma, dbeta};
    }

    @Test
    void refusesInt32() {
        Inputs in = Inputs.random(bench, 1, 8);
        Buffer stats = bench.zeros(FLOAT32, 1), ints = bench.zeros(INT32, 8);
        assertThatThrownBy(() -> bench.layerNorm.forward(in.x().address(), in.gamma().address(), in.beta().address(), 1, 8, EPS,
                ints.address(), INT32, stats.address(), stats.address()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("int32");
    }
}
