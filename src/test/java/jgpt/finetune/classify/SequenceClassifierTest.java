package jgpt.finetune.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.regex.Pattern;
import jgpt.model.GPTConfig;
import jgpt.model.GPTModel;
import jgpt.nn.LoRA;
import jgpt.nn.Parameter;
import jgpt.tensor.Functional;
import jgpt.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SequenceClassifierTest {
    static final GPTConfig CONFIG = new GPTConfig(40, 16, 12, 3, 2, 0f, true, false);
    private static final int[] SHORT = {3, 17, 5, 39, 8}, LONG = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    private static final LoRA.Config LORA = new LoRA.Config(2, 4f, Pattern.compile("blocks\\..*"));

    private static SequenceClassifier classifier() {
        SequenceClassifier c = new SequenceClassifier(new GPTModel(CONFIG, 4), 3, 7);
        c.eval();
        return c;
    }

    private static float[] logitsAlone(SequenceClassifier c, int[] ids) {
        return c.forward(Tensor.ofInts(ids, 1, ids.length), new int[] {ids.length}).toFloatArray();
    }

    @Test
    void readsTheLastRealTokenWhateverThePadding() {
        SequenceClassifier c = classifier();
        int[] batch = new int[2 * LONG.length];
        System.arraycopy(SHORT, 0, batch, 0, SHORT.length);
        java.util.Arrays.fill(batch, SHORT.length, LONG.length, 0);   // padding
        System.arraycopy(LONG, 0, batch, LONG.length, LONG.length);
        float[] both = c.forward(Tensor.ofInts(batch, 2, LONG.length), new int[] {SHORT.length, LONG.length}).toFloatArray();
        float[] shortAlone = logitsAlone(c, SHORT), longAlone = logitsAlone(c, LONG);
        for (int k = 0; k < 3; k++) {
            assertThat(both[k]).isCloseTo(shortAlone[k], within(1e-5f));
            assertThat(both[3 + k]).isCloseTo(longAlone[k], within(1e-5f));
        }
    }

    @Test
    void headAppliesToTheLastHiddenState() {
        SequenceClassifier c = classifier();
        float[] hidden = c.backbone().hiddenStates(Tensor.ofInts(SHORT, 1, SHORT.length)).toFloatArray();
        float[] w = c.head().weight().toFloatArray(), b = c.head().bias().toFloatArray(), logits = logitsAlone(c, SHORT);
        int width = CONFIG.embDim(), last = (SHORT.length - 1) * width;
        for (int k = 0; k < 3; k++) {
            double expected = b[k];
            for (int i = 0; i < width; i++) expected += (double) hidden[last + i] * w[k * width + i];
            assertThat((double) logits[k]).isCloseTo(expected, within(1e-5));
        }
    }

    @Test
    void trainableChoicesSelectTheBooksParameters() {
        assertThat(names(Trainable.HEAD)).containsExactly("head.weight", "head.bias");
        assertThat(names(Trainable.LAST_BLOCK)).allMatch(n -> n.startsWith("gpt.blocks.1.") || n.startsWith("gpt.final_norm.") || n.startsWith("head."))
                .contains("gpt.blocks.1.attn.qkv.weight", "gpt.blocks.1.norm2.bias", "gpt.final_norm.weight", "head.bias");
        assertThat(names(Trainable.ALL)).contains("gpt.tok_emb.weight", "gpt.blocks.0.ff.fc.weight", "head.weight")
                .doesNotContain("gpt.out_head.weight");
        assertThat(names(Trainable.LORA)).allMatch(n -> n.endsWith(".lora.A") || n.endsWith(".lora.B") || n.startsWith("head."))
                .hasSize(2 * 4 * CONFIG.nLayers() + 2);
        assertThat(Trainable.fromName("last-block")).isEqualTo(Trainable.LAST_BLOCK);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Trainable.fromName("everything"))
                .hasMessage("--trainable must be head, last-block, all or lora, not 'everything'.");
    }

    private static List<String> names(Trainable trainable) {
        return trainable.prepare(classifier(), LORA, 1).stream().map(Parameter::name).toList();
    }

    @ParameterizedTest
    @EnumSource(Trainable.class)
    void gradientsReachOnlyTheTrainableParameters(Trainable trainable) {
        SequenceClassifier c = classifier();
        List<Parameter> trained = trainable.prepare(c, LORA, 1);
        if (trainable == Trainable.LORA) {
            LoRA.adapters(c.backbone()).values().forEach(a -> jgpt.tensor.InPlace.fill(a.b(), 0.05f));
        }
        Tensor logits = c.forward(Tensor.ofInts(LONG, 1, LONG.length), new int[] {LONG.length});
        Functional.crossEntropy(logits, Tensor.ofInts(new int[] {2}, 1)).backward();
        for (Parameter p : c.parameters()) {
            if (trained.contains(p)) {
                assertThat(p.tensor().grad()).as(p.name()).isNotNull();
            } else {
                assertThat(p.tensor().grad()).as(p.name()).isNull();
            }
        }
    }
}
