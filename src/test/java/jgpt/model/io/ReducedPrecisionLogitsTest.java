package jgpt.model.io;

import static org.assertj.core.api.Assertions.assertThat;

import jgpt.io.RawArrays;
import jgpt.model.GPTModel;
import jgpt.tensor.Tensor;
import jgpt.tensor.WeightFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Logits with bf16 and int8 Linear weights against Hugging Face's float32 logits on the tiny-gpt2-b fixture;
 * the bounds are the error docs/BENCHMARKS.md states for reduced-precision decoding.
 */
class ReducedPrecisionLogitsTest {

    @ParameterizedTest
    @CsvSource({"BF16, 0.01", "INT8, 0.02"})
    void logitsStayWithinTheStatedBound(WeightFormat format, double relativeBound) throws Exception {
        HfFixture fixture = HfFixture.named("tiny-gpt2-b");
        GPTModel model = GPTCheckpoint.load(fixture.dir());
        int[] ids = fixture.ints("input_ids");
        model.packForInference(format);
        float[] logits;
        try (var noGrad = Tensor.noGrad()) {
            logits = model.forward(Tensor.ofInts(ids, 1, ids.length)).toFloatArray();
        }
        float[] expected = RawArrays.readFloats(fixture.dir().resolve("ref_logits_f32.bin"));
        double maxErr = 0, maxLogit = 0;
        for (int i = 0; i < expected.length; i++) {
            maxErr = Math.max(maxErr, Math.abs(logits[i] - expected[i]));
            maxLogit = Math.max(maxLogit, Math.abs(expected[i]));
        }
        assertThat(maxErr / maxLogit).as("max |logit error| / max |logit|").isLessThan(relativeBound).isGreaterThan(0);
    }
}
