package jgpt.model.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jgpt.io.RawArrays;
import jgpt.io.SafeTensorsFile;
import jgpt.model.GPTModel;
import jgpt.model.SimpleGeneration;
import jgpt.nn.AdamW;
import jgpt.nn.ParamGroup;
import jgpt.tensor.Functional;
import jgpt.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

/** jgpt against models made by Hugging Face transformers: logits, greedy ids, gradients and 10 AdamW steps. */
class HfParityTest {

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2-a", "tiny-gpt2-b"})
    void logitsMatchTransformers(String name) {
        HfFixture fixture = HfFixture.named(name);
        GPTModel model = GPTCheckpoint.load(fixture.dir());
        model.eval();
        int[] ids = fixture.ints("input_ids");
        float[] logits;
        try (var noGrad = Tensor.noGrad()) {
            logits = model.forward(Tensor.ofInts(ids, 1, ids.length)).toFloatArray();
        }
        float[] expected = RawArrays.readFloats(fixture.dir().resolve("ref_logits_f32.bin"));
        assertThat(logits).hasSameSizeAs(expected);
        assertThat(maxAbsDiff(logits, expected)).as(name + " logits, max |jgpt - HF|").isLessThan(1e-4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2-a", "tiny-gpt2-b"})
    void greedyIdsMatchTransformers(String name) {
        HfFixture fixture = HfFixture.named(name);
        GPTModel model = GPTCheckpoint.load(fixture.dir());
        int[] prompt = fixture.ints("greedy_prompt"), expected = fixture.ints("greedy_out");
        assertThat(SimpleGeneration.greedy(model, prompt, expected.length - prompt.length)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2-a", "tiny-gpt2-b"})
    void tenAdamWStepsReproduceTheLosses(String name) {
        HfFixture fixture = HfFixture.named(name);
        assertAdamWStepsReproduceTheLosses(fixture, GPTCheckpoint.load(fixture.dir()), Batch.of(fixture));
    }

    /** The fixture's AdamW steps on model (on any device) over batch (on the same one): each loss within 1e-4. */
    static void assertAdamWStepsReproduceTheLosses(HfFixture fixture, GPTModel model, Batch batch) {
        double[] expected = HfFixture.doubles(fixture.train().get("losses"));
        AdamW adamw = new AdamW(ParamGroup.all(model.parameters(), 0.1f), 4e-4f, 0.9f, 0.999f, 1e-8f);
        model.train();
        for (int step = 0; step < expected.length; step++) {
            adamw.zeroGrad();
            Tensor loss = batch.loss(model);
            assertThat((double) loss.item()).as(fixture + " loss before step " + step + " on " + model.device())
                    .isCloseTo(expected[step], withinPercentage(1e-2));   // 1e-4 relative
            loss.backward();
            adamw.step();
        }
    }

    @Test
    void gradientsTrainingLogitsAndUpdatedWeightsMatchTransformers() {
        HfFixture fixture = HfFixture.named("tiny-gpt2-b");
        GPTModel model = GPTCheckpoint.load(fixture.dir());
        Batch batch = Batch.of(fixture);
        model.train();
        float[] logits = model.forward(batch.inputs()).toFloatArray();
        assertThat(relativeError(logits, RawArrays.readFloats(fixture.file(fixture.train(), "logits")))).isLessThan(1e-5);

        batch.loss(model).backward();
        Map<String, Tensor> params = model.stateDict();
        try (SafeTensorsFile grads = SafeTensorsFile.open(fixture.file(fixture.train(), "grads"))) {
            List<Gpt2Layout.Entry> layout = Gpt2Layout.of(model.config());
            assertThat(grads.names()).containsExactlyInAnyOrderElementsOf(layout.stream().map(Gpt2Layout.Entry::hfName).toList());
            for (Gpt2Layout.Entry e : layout) {
                float[] expected = jgptLayout(grads, e);
                assertThat(relativeError(params.get(e.jgptName()).grad().toFloatArray(), expected)).as("gradient of " + e.jgptName())
                        .isLessThan(1e-4);
            }
        }

        AdamW adamw = new AdamW(ParamGroup.all(model.parameters(), 0.1f), 4e-4f, 0.9f, 0.999f, 1e-8f);
        adamw.step();
        for (int step = 1; step < 10; step++) {
            adamw.zeroGrad();
            batch.loss(model).backward();
            adamw.step();
        }
        try (SafeTensorsFile trained = SafeTensorsFile.open(fixture.file(fixture.train(), "params_after"))) {
            for (Gpt2Layout.Entry e : Gpt2Layout.of(model.config())) {
                float[] actual = params.get(e.jgptName()).toFloatArray(), expected = jgptLayout(trained, e);
                if (e.jgptName().endsWith("qkv.bias")) {
                    // The key bias adds one constant to every score of a row, which softmax cancels: its true
                    // gradient is 0, so both sides hold rounding noise that Adam scales to steps of up to about lr.
                    int c = actual.length / 3;
                    assertThat(maxAbsDiff(Arrays.copyOfRange(actual, c, 2 * c), Arrays.copyOfRange(expected, c, 2 * c)))
                            .as("key bias after 10 steps").isLessThan(10 * 4e-4);
                    Arrays.fill(actual, c, 2 * c, 0f);
                    Arrays.fill(expected, c, 2 * c, 0f);
                }
                assertThat(relativeError(actual, expected)).as("weights of " + e.jgptName() + " after 10 steps").isLessThan(1e-6);
            }
        }
    }

    /** A fixture's training batch: rows of ids, inputs all but the last column, targets all but the first. */
    record Batch(Tensor inputs, Tensor targets) {
        private static final Pattern SHAPE = Pattern.compile("_(\\d+)x(\\d+)\\.bin");

        static Batch of(HfFixture fixture) {
            Path file = fixture.file(fixture.train(), "batch");
            Matcher m = SHAPE.matcher(file.getFileName().toString());
            assertThat(m.find()).as("rows x columns in " + file).isTrue();
            int rows = Integer.parseInt(m.group(1)), cols = Integer.parseInt(m.group(2));
            Tensor all = Tensor.ofInts(RawArrays.readInts(file), rows, cols);
            return new Batch(all.slice(1, 0, cols - 1).contiguous(), all.slice(1, 1, cols).contiguous());
        }

        Tensor loss(GPTModel model) {
            Tensor logits = model.forward(inputs);
            return Functional.crossEntropy(logits.reshape(-1, logits.dim(-1)), targets.reshape(-1));
        }
    }

    /** A tensor of an HF-layout file, as jgpt holds it (Conv1D weights transposed back). */
    static float[] jgptLayout(SafeTensorsFile file, Gpt2Layout.Entry e) {
        float[] values = file.readFloats(e.hfName());
        return e.conv1d() ? Gpt2Layout.transpose(values, e.shape()[1], e.shape()[0]) : values;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
        return max;
    }

    /** |a - b| / |b| in the L2 norm. */
    static double relativeError(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double diff = 0, norm = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (double) (a[i] - b[i]) * (a[i] - b[i]);
            norm += (double) b[i] * b[i];
        }
        return Math.sqrt(diff / Math.max(norm, 1e-30));
    }
}
