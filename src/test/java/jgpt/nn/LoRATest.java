package jgpt.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import jgpt.model.GPTConfig;
import jgpt.model.GPTModel;
import jgpt.tensor.Functional;
import jgpt.tensor.InPlace;
import jgpt.tensor.Tensor;
import org.junit.jupiter.api.Test;

class LoRATest {
    private static final GPTConfig CONFIG = new GPTConfig(61, 16, 24, 3, 2, 0f, true, false);
    private static final LoRA.Config EVERY = new LoRA.Config(4, 2f, LoRA.Config.EVERY_LINEAR);

    private static Tensor ids() {
        Random rng = new Random(5);
        int[] ids = new int[2 * 9];
        for (int i = 0; i < ids.length; i++) ids[i] = rng.nextInt(CONFIG.vocabSize());
        return Tensor.ofInts(ids, 2, 9);
    }

    private static void randomiseB(GPTModel model, long seed) {
        Random rng = new Random(seed);
        for (LowRankAdapter a : LoRA.adapters(model).values()) {
            InPlace.assign(a.b(), Tensor.uniform(rng, -0.2f, 0.2f, a.b().shape()));
        }
    }

    @Test
    void adapterMatchesANaiveDoubleLoop() {
        Random rng = new Random(1);
        int in = 5, out = 3, rank = 2, n = 4;
        Linear linear = new Linear(in, out, true, rng);
        LowRankAdapter adapter = new LowRankAdapter(Tensor.uniform(rng, -1, 1, in, rank), Tensor.uniform(rng, -1, 1, rank, out), 1.5f);
        linear.attach(adapter);
        Tensor x = Tensor.uniform(rng, -1, 1, n, in);
        float[] y = linear.forward(x).toFloatArray();
        float[] xs = x.toFloatArray(), w = linear.weight().toFloatArray(), bias = linear.bias().toFloatArray();
        float[] a = adapter.a().toFloatArray(), b = adapter.b().toFloatArray();
        for (int r = 0; r < n; r++) {
            for (int o = 0; o < out; o++) {
                double expected = bias[o];
                for (int i = 0; i < in; i++) expected += (double) xs[r * in + i] * w[o * in + i];
                for (int k = 0; k < rank; k++) {
                    double xa = 0;
                    for (int i = 0; i < in; i++) xa += (double) xs[r * in + i] * a[i * rank + k];
                    expected += 1.5 * xa * b[k * out + o];
                }
                assertThat((double) y[r * out + o]).isCloseTo(expected, within(1e-5));
            }
        }
    }

    @Test
    void freshAdaptersStartLikeTheBookAndLeaveTheModelExactlyAsItWas() {
        GPTModel base = new GPTModel(CONFIG, 3);
        base.eval();
        float[] before = base.forward(ids()).toFloatArray();
        Map<String, Linear> adapted = LoRA.apply(base, EVERY, 9);
        assertThat(adapted.keySet()).containsExactly("blocks.0.attn.qkv", "blocks.0.attn.proj", "blocks.0.ff.fc", "blocks.0.ff.proj",
                "blocks.1.attn.qkv", "blocks.1.attn.proj", "blocks.1.ff.fc", "blocks.1.ff.proj", "out_head");
        for (LowRankAdapter a : LoRA.adapters(base).values()) {
            assertThat(a.b().toFloatArray()).containsOnly(0f);
            float largest = 0;
            for (float v : a.a().toFloatArray()) largest = Math.max(largest, Math.abs(v));
            assertThat(largest).as("U(-1/sqrt(rank), 1/sqrt(rank)) with rank 4").isBetween(0.4f, 0.5f);
        }
        assertThat(base.forward(ids()).toFloatArray()).isEqualTo(before);
    }

    @Test
    void mergedOutputsEqualUnmergedOnes() {
        GPTModel model = new GPTModel(CONFIG, 3);
        model.eval();
        LoRA.apply(model, EVERY, 9);
        randomiseB(model, 11);
        float[] unmerged = model.forward(ids()).toFloatArray();
        float[] base = new GPTModel(CONFIG, 3).forward(ids()).toFloatArray();
        assertThat(maxDifference(unmerged, base)).as("the adapters change the outputs").isGreaterThan(1e-2f);
        long withAdapters = model.parameterCount();
        LoRA.merge(model);
        assertThat(LoRA.adapters(model)).isEmpty();
        assertThat(model.parameterCount()).isEqualTo(CONFIG.parameterCount()).isLessThan(withAdapters);
        assertThat(maxDifference(model.forward(ids()).toFloatArray(), unmerged)).isLessThan(1e-5f);
    }

    @Test
    void gradientsReachOnlyAdaptersWhenTheBaseIsFrozen() {
        GPTModel model = new GPTModel(CONFIG, 3);
        model.freeze();
        LoRA.apply(model, new LoRA.Config(4, 2f, Pattern.compile("blocks\\.1\\..*")), 9);
        randomiseB(model, 11);
        List<Parameter> adapterParameters = LoRA.adapterParameters(model);
        assertThat(adapterParameters).extracting(Parameter::name).contains("blocks.1.attn.qkv.lora.A", "blocks.1.ff.proj.lora.B")
                .hasSize(8);
        Tensor logits = model.forward(ids());
        Functional.crossEntropy(logits.reshape(-1, CONFIG.vocabSize()), Tensor.ofInts(new int[18], 18)).backward();
        for (Parameter p : model.parameters()) {
            if (adapterParameters.contains(p)) {
                assertThat(InPlace.globalNorm(List.of(p.tensor().grad())).item()).as(p.name()).isGreaterThan(0);
            } else {
                assertThat(p.tensor().grad()).as(p.name()).isNull();
            }
        }
    }

    @Test
    void tiedHeadsAreLeftAloneAndUnmatchedPatternsRefused() {
        GPTModel tied = new GPTModel(CONFIG.withTiedHead(true), 3);
        assertThat(LoRA.apply(tied, EVERY, 1)).doesNotContainKey("out_head").hasSize(8);
        GPTModel model = new GPTModel(CONFIG, 3);
        assertThatThrownBy(() -> LoRA.apply(model, new LoRA.Config(4, 1f, Pattern.compile("nothing")), 1))
                .hasMessage("no Linear layer of the model matches the LoRA target pattern 'nothing'");
        assertThatThrownBy(() -> new LoRA.Config(0, 1f, LoRA.Config.EVERY_LINEAR)).hasMessage("the LoRA rank must be 1 or more, got 0");
    }

    private static float maxDifference(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
        return max;
    }
}
