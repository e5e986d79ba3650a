package jgpt.model;

import java.util.Arrays;
import java.util.Random;
import jgpt.generate.GenerationConfig;
import jgpt.generate.Generator;
import jgpt.generate.SamplingConfig;
import jgpt.tensor.Functional;
import jgpt.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Incremental decoding with the KV cache against recomputing the whole context. */
class KVCacheTest {
    static final GPTConfig TINY = new GPTConfig(97, 24, 16, 4, 2, 0.1f, true, false);

    private static int[] randomIds(Random rng, int n, int vocab) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = rng.nextInt(vocab);
        return ids;
    }

    private static void assertClose(float[] actual, float[] expected, double tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) assertThat((double) actual[i]).as("element %d", i).isCloseTo(expected[i], within(tolerance));
    }

    @ParameterizedTest
    @CsvSource({"1,1", "5,3", "9,1", "24,24", "2,7"})
    void cachedLogitsEqualAFullPassInChunks(int prompt, int chunk) {
        Random rng = new Random(prompt * 31L + chunk);
        GPTModel model = new GPTModel(TINY, 5);
        model.eval();
        int[] ids = randomIds(rng, 2 * TINY.contextLength(), TINY.vocabSize());
        int total = TINY.contextLength();
        KVCache cache = model.newCache(2);
        for (int start = 0; start < total; ) {
            int len = start == 0 ? prompt : Math.min(chunk, total - start);
            int[] piece = new int[2 * len];
            System.arraycopy(ids, start, piece, 0, len);                     // row 0: ids[0..]
            System.arraycopy(ids, total + start, piece, len, len);           // row 1: ids[total..]
            float[] cached = model.forward(Tensor.ofInts(piece, 2, len), cache).toFloatArray();
            int end = start + len;
            int[] full = new int[2 * end];
            System.arraycopy(ids, 0, full, 0, end);
            System.arraycopy(ids, total, full, end, end);
            float[] reference;
            try (var noGrad = Tensor.noGrad()) {
                reference = model.forward(Tensor.ofInts(full, 2, end)).slice(1, start, end).toFloatArray();
            }
            assertClose(cached, reference, 1e-4);
            assertThat(cache.length()).isEqualTo(end);
            start = end;
        }
        assertThatThrownBy(() -> model.forward(Tensor.ofInts(new int[] {1, 2}, 2, 1), cache))
                .hasMessage("GPTModel: the KV cache holds 24 positions; 1 more exceed the context length of 24");
    }

    @Test
    void greedyTokensWithTheCacheEqualRecomputingTheContext() {
        GPTModel model = new GPTModel(TINY, 11);
        int[] prompt = randomIds(new Random(3), 4, TINY.vocabSize());
        int newTokens = TINY.contextLength() - prompt.length;
        int[] recomputed = SimpleGeneration.greedy(model, prompt, newTokens);
        var generator = new Generator(model, null);
        int[] cached = generator.generateIds(prompt, GenerationConfig.greedy(newTokens), id -> true);
        int[] uncached = generator.generateIds(prompt, new GenerationConfig(newTokens, SamplingConfig.greedy(),
                java.util.List.of(), false, false), id -> true);
        assertThat(cached).containsExactly(Arrays.copyOfRange(recomputed, prompt.length, recomputed.length));
        assertThat(uncached).containsExactly(cached);
        assertThat(model.isTraining()).isTrue();
    }

    @Test
    void sampledTokensWithTheCacheEqualRecomputingTheContext() {
        GPTModel model = new GPTModel(TINY, 12);
        int[] prompt = randomIds(new Random(4), 3, TINY.vocabSize());
        var sampling = new SamplingConfig(1.5f, 20, 0.95f, 77);
        var generator = new Generator(model, null);
        var withCache = new GenerationConfig(20, sampling, java.util.List.of(), false, true);
        var without = new GenerationConfig(20, sampling, java.util.List.of(), false, false);
        assertThat(generator.generateIds(prompt, withCache, id -> true)).containsExactly(generator.generateIds(prompt, without, id -> true));
    }

    @Test
    void pastTheContextLengthTheContextSlides() {
        GPTModel model = new GPTModel(TINY, 13);
        int[] prompt = randomIds(new Random(5), 30, TINY.vocabSize());   // longer than the context already
        int[] made = new Generator(model, null).generateIds(prompt, GenerationConfig.greedy(40), id -> true);
        assertThat(made).hasSize(40);
        // the first token comes from the last three quarters of the context, rebuilt in the cache
        int keep = TINY.contextLength() - TINY.contextLength() / 4;
        float[] logits;
        model.eval();
        try (var noGrad = Tensor.noGrad()) {
            logits = model.lastLogits(Tensor.ofInts(Arrays.copyOfRange(prompt, 30 - keep, 30), 1, keep)).toFloatArray();
        }
        assertThat(made[0]).isEqualTo(jgpt.generate.Sampler.argmax(logits));
    }

    @Test
    void cachedAttentionEqualsTheLastRowsOfFullCausalAttention() {
        Random rng = new Random(9);
        int b = 2, h = 3, tk = 13, tq = 5, d = 8, capacity = 20;
        Tensor q = Tensor.randn(rng, 1f, b, h, tk, d), k = Tensor.randn(rng, 1f, b, h, tk, d), v = Tensor.randn(rng, 1f, b, h, tk, d);
        float[] expected = Functional.causalAttention(q, k, v).slice(2, tk - tq, tk).toFloatArray();
        Tensor keys = Tensor.zeros(b, h, capacity, d), values = Tensor.zeros(b, h, capacity, d);
        jgpt.tensor.InPlace.assign(keys.slice(2, 0, tk), k);
        jgpt.tensor.InPlace.assign(values.slice(2, 0, tk), v);
        float[] actual = Functional.cachedAttention(q.slice(2, tk - tq, tk), keys, values, tk).toFloatArray();
        assertClose(actual, expected, 1e-5);
        Tensor trainable = q.detach().requiresGrad(true);
        assertThatThrownBy(() -> Functional.cachedAttention(trainable, keys, values, tk))
                .hasMessage("cachedAttention is for inference only; run it under Tensor.noGrad()");
    }
}
