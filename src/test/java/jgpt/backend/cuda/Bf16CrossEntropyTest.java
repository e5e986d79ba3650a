package jgpt.backend.cuda;

import java.util.Random;
import jgpt.backend.cuda.Bf16Bench.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static jgpt.tensor.DType.BFLOAT16;
import static jgpt.tensor.DType.FLOAT32;
import static jgpt.tensor.DType.INT32;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Cross-entropy over bf16 logits against the float32 kernels on the same values: losses and log-sum-exps (float32)
 * within float rounding, bf16 dlogits within one bf16 place of the float32 ones, ignored rows zero.
 */
@ExtendWith(Bf16Bench.PerTest.class)
class Bf16CrossEntropyTest {
    private static final int IGNORE = -100;
    private final Bf16Bench bench = Bf16Bench.get();

    // offsets in elements: rows of 50257 bf16 start at every even phase of a 16-byte line; dlogits 3 elements off the
    // logits' phase takes element-wise stores
    @ParameterizedTest(name = "V = {0}, rows {1}, logits at {2}, dlogits at {3}")
    @CsvSource({"7, 6, 0, 0", "7, 6, 1, 1", "50257, 6, 0, 0", "50304, 6, 0, 0", "50257, 6, 3, 0", "50304, 6, 8, 8", "50304, 6, 1, 1"})
    void matchesTheFloatKernels(int vocab, int rows, int logitsOffset, int dlogitsOffset) {
        float[] logits = logits(vocab, rows);
        int[] targets = new int[rows];
        Random rng = new Random(vocab);
        for (int r = 0; r < rows; r++) targets[r] = switch (r) {
            case 0 -> 0;
            case 1 -> vocab - 1;
            case 2 -> IGNORE;
            default -> rng.nextInt(vocab);
        };
        Buffer targetIds = bench.ints(targets), logits32 = bench.buffer(FLOAT32, logits), logits16 = bench.buffer(BFLOAT16, logits, logitsOffset);
        Buffer losses32 = bench.zeros(FLOAT32, rows), lse32 = bench.zeros(FLOAT32, rows), losses = bench.zeros(FLOAT32, rows), lse = bench.zeros(FLOAT32, rows);
        bench.softmax.crossEntropyForward(logits32.address(), FLOAT32, targetIds.address(), rows, vocab, IGNORE, losses32.address(), lse32.address());
        bench.softmax.crossEntropyForward(logits16.address(), BFLOAT16, targetIds.address(), rows, vocab, IGNORE, losses.address(), lse.address());
        String what = "crossEntropy V=" + vocab + " logits at " + logitsOffset;
        DeviceParity.assertClose(what + " log-sum-exp", bench.read(lse), bench.read(lse32), 1e-6);
        float[] lossValues = bench.read(losses);
        DeviceParity.assertClose(what + " losses", lossValues, bench.read(losses32), 1e-5);
        assertThat(lossValues[2]).as(what + " ignored row's loss").isZero();

        long scale = bench.buffer(FLOAT32, new float[] {1f / rows}).address();   // read by the kernels from the device
        Buffer dlogits32 = bench.zeros(FLOAT32, rows * vocab), dlogits = bench.zeros(BFLOAT16, rows * vocab, dlogitsOffset);
        bench.softmax.crossEntropyBackward(logits32.address(), FLOAT32, targetIds.address(), lse32.address(), rows, vocab, IGNORE, scale, dlogits32.address());
        bench.softmax.crossEntropyBackward(logits16.address(), BFLOAT16, targetIds.address(), lse32.address(), rows, vocab, IGNORE, scale,
                dlogits.address());
        float[] expected = bench.read(dlogits32), actual = bench.read(dlogits);
        Bf16Rounding.assertWithinUlp(what + " dlogits", actual, expected);
        for (int j = 0; j < vocab; j++) assertThat(actual[2 * vocab + j]).as(what + " ignored row's gradient " + j).isZero();
    }

    // N(0, 3) logits rounded to bf16; row 3 (where there is one) rises along the row, so that the running maximum
    // grows in every chunk, and row 4 has one large logit
    private static float[] logits(int vocab, int rows) {
        float[] logits = DeviceParity.normal(new Random(vocab + 1), rows * vocab);
        for (int i = 0; i < logits.length; i++) logits[i] *= 3;
        for (int j = 0; j < vocab && rows > 4; j++) logits[3 * vocab + j] = 20f * j / vocab;
        if (rows > 4) logits[4 * vocab + vocab / 2] = 40f;
        return Bf16Rounding.round(logits);
    }

    @Test
    void refusesInt32Logits() {
        Buffer ints = bench.zeros(INT32, 8), targets = bench.ints(new int[1]), out = bench.zeros(FLOAT32, 1);
        assertThatThrownBy(() -> bench.softmax.crossEntropyForward(ints.address(), INT32, targets.address(), 1, 8, IGNORE, out.address(),
                out.address()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("int32");
    }
}
