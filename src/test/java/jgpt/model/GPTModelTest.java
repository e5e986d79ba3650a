package jgpt.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import jgpt.nn.Parameter;
import jgpt.tensor.Functional;
import jgpt.tensor.InPlace;
import jgpt.tensor.Tensor;
import jgpt.testing.NaiveGpt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GPTModelTest {
    static final GPTConfig SMALL = new GPTConfig(97, 16, 12, 3, 2, 0f, true, true);

    static Map<String, float[]> values(GPTModel model) {
        Map<String, float[]> out = new LinkedHashMap<>();
        model.stateDict().forEach((name, t) -> out.put(name, t.toFloatArray()));
        return out;
    }

    @Test
    void presetParameterCountsAreGpt2sAndTheBooks() {
        // GPT-2's sizes as Hugging Face transformers reports them, and the book's 163M / 124M (chapter 4)
        assertThat(GPTConfig.preset("gpt2-small").parameterCount()).isEqualTo(124_439_808L);
        assertThat(GPTConfig.preset("gpt2-medium").parameterCount()).isEqualTo(354_823_168L);
        assertThat(GPTConfig.preset("gpt2-large").parameterCount()).isEqualTo(774_030_080L);
        assertThat(GPTConfig.preset("gpt2-xl").parameterCount()).isEqualTo(1_557_611_200L);
        GPTConfig book = GPTConfig.preset("book-124m");
        assertThat(book.parameterCount()).isEqualTo(162_419_712L);
        // chapter 4 counts the same model with context 1024: 163,009,536 in all, 124,412,160 without the head
        GPTConfig chapter4 = new GPTConfig(50257, 1024, 768, 12, 12, 0.1f, false, false);
        assertThat(chapter4.parameterCount()).isEqualTo(163_009_536L);
        assertThat(chapter4.parameterCount(true)).isEqualTo(124_412_160L);
        assertThatThrownBy(() -> GPTConfig.preset("gpt5")).hasMessageContaining("gpt2-small, gpt2-medium");
    }

    @ParameterizedTest
    @CsvSource({"true,true", "true,false", "false,true", "false,false"})
    void builtModelHasTheCountedParametersUnderCleanNames(boolean qkvBias, boolean tied) {
        GPTConfig config = new GPTConfig(50, 8, 12, 3, 2, 0.1f, qkvBias, tied);
        GPTModel model = new GPTModel(config, 1);
        assertThat(model.parameterCount()).isEqualTo(config.parameterCount());
        List<String> names = model.parameters().stream().map(Parameter::name).toList();
        assertThat(names).startsWith("tok_emb.weight", "pos_emb.weight", "blocks.0.norm1.weight", "blocks.0.norm1.bias",
                "blocks.0.attn.qkv.weight");
        assertThat(names).contains("blocks.1.attn.proj.weight", "blocks.1.ff.fc.bias", "blocks.1.ff.proj.weight",
                "blocks.1.norm2.bias", "final_norm.weight");
        assertThat(names.contains("blocks.0.attn.qkv.bias")).isEqualTo(qkvBias);
        assertThat(names.contains("out_head.weight")).isEqualTo(!tied);
    }

    @Test
    void initialisationIsGpt2sAndFixedBySeed() {
        GPTConfig config = new GPTConfig(500, 64, 64, 4, 4, 0f, true, false);
        Map<String, float[]> a = values(new GPTModel(config, 42)), b = values(new GPTModel(config, 42));
        a.forEach((name, v) -> assertThat(v).as(name).isEqualTo(b.get(name)));
        assertThat(values(new GPTModel(config, 43)).get("tok_emb.weight")).isNotEqualTo(a.get("tok_emb.weight"));
        assertThat(std(a.get("tok_emb.weight"))).isBetween(0.019, 0.021);
        assertThat(std(a.get("blocks.0.attn.qkv.weight"))).isBetween(0.019, 0.021);
        assertThat(std(a.get("blocks.0.ff.proj.weight"))).isBetween(0.0068, 0.0074);   // 0.02 / sqrt(2 * 4)
        assertThat(a.get("blocks.3.ff.fc.bias")).containsOnly(0f);
        assertThat(a.get("blocks.3.norm2.weight")).containsOnly(1f);
    }

    private static double std(float[] v) {
        double sum = 0, sq = 0;
        for (float x : v) {
            sum += x;
            sq += x * x;
        }
        double mean = sum / v.length;
        return Math.sqrt(sq / v.length - mean * mean);
    }

    @ParameterizedTest
    @CsvSource({"true,true", "false,false"})
    void logitsMatchTheNaiveDoubleForwardPass(boolean qkvBias, boolean tied) {
        GPTConfig config = new GPTConfig(97, 16, 12, 3, 2, 0f, qkvBias, tied);
        GPTModel model = new GPTModel(config, 7);
        perturb(model, new Random(8));   // a trained-looking model: biases and gains away from 0 and 1
        Map<String, float[]> p = values(model);
        if (!qkvBias) {
            p.put("blocks.0.attn.qkv.bias", new float[36]);
            p.put("blocks.1.attn.qkv.bias", new float[36]);
        }
        int[][] batch = {{5, 96, 0, 33, 33, 7, 12}, {1, 2, 3, 4, 5, 6, 95}};
        model.eval();
        float[] logits = model.forward(Tensor.ofInts(flatten(batch), 2, 7)).toFloatArray();
        for (int s = 0; s < batch.length; s++) {
            double[] expected = NaiveGpt.logits(p, 12, 3, 2, batch[s]);
            float[] actual = Arrays.copyOfRange(logits, s * 7 * 97, (s + 1) * 7 * 97);
            assertThat(NaiveGpt.maxAbsDiff(actual, expected)).as("sequence " + s).isLessThan(1e-4);
        }
    }

    /** Adds N(0, 0.1) to every parameter, so that biases are not 0 nor LayerNorm gains 1. */
    static void perturb(GPTModel model, Random rng) {
        try (var noGrad = Tensor.noGrad()) {
            for (Parameter p : model.parameters()) {
                InPlace.axpy(1f, Tensor.randn(rng, 0.1f, p.tensor().shape()), p.tensor());
            }
        }
    }

    static int[] flatten(int[][] rows) {
        return Arrays.stream(rows).flatMapToInt(Arrays::stream).toArray();
    }

    @Test
    void earlierPositionsDoNotSeeLaterTokens() {
        GPTModel model = new GPTModel(SMALL, 3);
        model.eval();
        float[] a = model.forward(Tensor.ofInts(new int[] {4, 8, 15, 16}, 1, 4)).toFloatArray();
        float[] b = model.forward(Tensor.ofInts(new int[] {4, 8, 15, 90}, 1, 4)).toFloatArray();
        int v = SMALL.vocabSize();
        assertThat(Arrays.copyOf(a, 3 * v)).isEqualTo(Arrays.copyOf(b, 3 * v));
        assertThat(Arrays.copyOfRange(a, 3 * v, 4 * v)).isNotEqualTo(Arrays.copyOfRange(b, 3 * v, 4 * v));
    }

    @Test
    void lastLogitsAreTheLastRowOfTheFullLogits() {
        GPTModel model = new GPTModel(SMALL, 4);
        model.eval();
        Tensor ids = Tensor.ofInts(new int[] {1, 2, 3, 4, 5, 6}, 2, 3);
        float[] all = model.forward(ids).toFloatArray(), last = model.lastLogits(ids).toFloatArray();
        int v = SMALL.vocabSize();
        assertThat(Arrays.copyOfRange(last, 0, v)).isEqualTo(Arrays.copyOfRange(all, 2 * v, 3 * v));
        assertThat(Arrays.copyOfRange(last, v, 2 * v)).isEqualTo(Arrays.copyOfRange(all, 5 * v, 6 * v));
    }

    @Test
    void tiedHeadSharesTheEmbeddingAndCollectsBothGradients() {
        GPTModel model = new GPTModel(SMALL, 5);
        assertThat(model.stateDict()).doesNotContainKey("out_head.weight");
        Tensor ids = Tensor.ofInts(new int[] {3, 1, 4, 1, 5}, 1, 5);
        Functional.crossEntropy(model.forward(ids).reshape(5, SMALL.vocabSize()), Tensor.ofInts(new int[] {1, 4, 1, 5, 9}, 5))
                .backward();
        float[] grad = model.stateDict().get("tok_emb.weight").grad().toFloatArray();
        int c = SMALL.embDim();
        // token 60 is never an input, so its row's gradient comes from the output head alone
        assertThat(Arrays.copyOfRange(grad, 60 * c, 61 * c)).isNotEqualTo(new float[c]);
    }

    @Test
    void rejectsSequencesLongerThanTheContext() {
        GPTModel model = new GPTModel(SMALL, 6);
        assertThatThrownBy(() -> model.forward(Tensor.ofInts(new int[17], 1, 17)))
                .hasMessageContaining("17 positions do not fit the context length of 16");
    }

    @Test
    void dropoutChangesTrainingOutputsButNotEvalOutputs() {
        GPTModel model = new GPTModel(new GPTConfig(97, 16, 12, 3, 2, 0.2f, true, true), 9);
        Tensor ids = Tensor.ofInts(new int[] {1, 2, 3, 4}, 1, 4);
        model.eval();
        float[] eval1 = model.forward(ids).toFloatArray();
        model.train();
        float[] train = model.forward(ids).toFloatArray();
        model.eval();
        assertThat(train).isNotEqualTo(eval1);
        assertThat(model.forward(ids).toFloatArray()).isEqualTo(eval1);
    }

    @Test
    void greedyGenerationTakesTheArgmaxAndCropsTheContext() {
        GPTModel model = new GPTModel(SMALL, 10);
        perturb(model, new Random(11));
        int[] prompt = {3, 9, 27};
        int[] out = SimpleGeneration.greedy(model, prompt, 20);   // 23 ids, more than the context of 16
        assertThat(out).hasSize(23).startsWith(prompt);
        assertThat(model.isTraining()).as("training mode restored").isTrue();
        model.eval();
        for (int n = 3; n < 23; n++) {
            int start = Math.max(0, n - 16);
            float[] logits = model.forward(Tensor.ofInts(Arrays.copyOfRange(out, start, n), 1, n - start)).toFloatArray();
            float[] last = Arrays.copyOfRange(logits, logits.length - SMALL.vocabSize(), logits.length);
            assertThat(out[n]).as("token " + n).isEqualTo(SimpleGeneration.argmax(last));
        }
    }
}
