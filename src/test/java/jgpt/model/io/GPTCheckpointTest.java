package jgpt.model.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import jgpt.io.SafeDType;
import jgpt.io.SafeTensorsFile;
import jgpt.io.SafeTensorsWriter;
import jgpt.model.GPTConfig;
import jgpt.model.GPTModel;
import jgpt.nn.Parameter;
import jgpt.tensor.InPlace;
import jgpt.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

class GPTCheckpointTest {
    @TempDir
    Path tmp;

    /** A small random model whose biases and LayerNorm parameters are away from 0 and 1. */
    static GPTModel randomModel(GPTConfig config, long seed) {
        GPTModel model = new GPTModel(config, seed);
        Random rng = new Random(seed + 1);
        for (Parameter p : model.parameters()) InPlace.axpy(1f, Tensor.randn(rng, 0.1f, p.tensor().shape()), p.tensor());
        return model;
    }

    static float[] logits(GPTModel model, int... ids) {
        model.eval();
        try (var noGrad = Tensor.noGrad()) {
            return model.forward(Tensor.ofInts(ids, 1, ids.length)).toFloatArray();
        }
    }

    @ParameterizedTest
    @CsvSource({"true,true", "true,false", "false,true", "false,false"})
    void layoutNamesEveryParameterWithItsShape(boolean qkvBias, boolean tied) {
        GPTConfig config = new GPTConfig(40, 8, 15, 5, 3, 0f, qkvBias, tied);
        Map<String, String> fromModel = new TreeMap<>(), fromLayout = new TreeMap<>();
        new GPTModel(config, 1).stateDict().forEach((name, t) -> fromModel.put(name, Arrays.toString(t.shape())));
        Gpt2Layout.of(config).forEach(e -> fromLayout.put(e.jgptName(), Arrays.toString(e.shape())));
        assertThat(fromLayout).isEqualTo(fromModel);
    }

    @ParameterizedTest
    @CsvSource({"true,true", "true,false", "false,true", "false,false"})
    void exportThenImportIsBitExact(boolean qkvBias, boolean tied) {
        GPTConfig config = new GPTConfig(61, 12, 15, 5, 2, 0.1f, qkvBias, tied);
        GPTModel model = randomModel(config, 3);
        GPTCheckpoint.save(model, tmp.resolve("ckpt"), GPTCheckpoint.Format.JGPT, SafeDType.F32);
        GPTModel loaded = GPTCheckpoint.load(tmp.resolve("ckpt"));
        assertThat(loaded.config()).isEqualTo(config);
        Map<String, Tensor> expected = model.stateDict();
        assertThat(loaded.stateDict().keySet()).isEqualTo(expected.keySet());
        loaded.stateDict().forEach((name, t) -> assertThat(t.toFloatArray()).as(name).isEqualTo(expected.get(name).toFloatArray()));
        assertThat(logits(loaded, 1, 60, 7, 7)).isEqualTo(logits(model, 1, 60, 7, 7));
    }

    @Test
    void reexportingAnHfModelReproducesItsTensorsExactly() {
        HfFixture fixture = HfFixture.named("tiny-gpt2-b");
        GPTCheckpoint.save(GPTCheckpoint.load(fixture.dir()), tmp.resolve("again"), GPTCheckpoint.Format.HF, SafeDType.F32);
        try (var original = SafeTensorsFile.open(fixture.dir().resolve("model.safetensors"));
             var again = SafeTensorsFile.open(tmp.resolve("again/model.safetensors"))) {
            assertThat(again.names()).containsExactlyInAnyOrderElementsOf(original.names());
            assertThat(again.metadata()).containsEntry("format", "pt");
            for (String name : original.names()) {
                assertThat(again.info(name).shape()).as(name).isEqualTo(original.info(name).shape());
                assertThat(again.readFloats(name)).as(name).isEqualTo(original.readFloats(name));
            }
        }
    }

    @Test
    void hfExportOfAModelWithoutQkvBiasWritesZeroBiasesAndTheSameLogits() {
        GPTModel model = randomModel(new GPTConfig(50, 8, 12, 3, 2, 0f, false, false), 5);
        GPTCheckpoint.save(model, tmp.resolve("hf"), GPTCheckpoint.Format.HF, SafeDType.F32);
        try (var file = SafeTensorsFile.open(tmp.resolve("hf/model.safetensors"))) {
            assertThat(file.readFloats("transformer.h.1.attn.c_attn.bias")).containsOnly(0f);
            assertThat(file.names()).contains("lm_head.weight");
        }
        GPTModel loaded = GPTCheckpoint.load(tmp.resolve("hf"));
        assertThat(loaded.config().qkvBias()).isTrue();
        assertThat(logits(loaded, 3, 1, 4, 1, 5)).isEqualTo(logits(model, 3, 1, 4, 1, 5));
    }

    @Test
    void bf16ExportRoundsEachWeightToBfloat16() {
        GPTModel model = randomModel(new GPTConfig(50, 8, 12, 3, 1, 0f, true, true), 6);
        GPTCheckpoint.save(model, tmp.resolve("bf16"), GPTCheckpoint.Format.JGPT, SafeDType.BF16);
        float[] original = model.stateDict().get("blocks.0.ff.fc.weight").toFloatArray();
        float[] loaded = GPTCheckpoint.load(tmp.resolve("bf16")).stateDict().get("blocks.0.ff.fc.weight").toFloatArray();
        for (int i = 0; i < original.length; i++) {
            assertThat((double) loaded[i]).isCloseTo(original[i], offset(Math.abs(original[i]) / 128 + 1e-30));
            assertThat(Float.floatToIntBits(loaded[i]) & 0xFFFF).isZero();
        }
    }

    @Test
    void aStoredHeadEqualToTheEmbeddingIsTiedAndADifferentOneIsNot() {
        GPTConfig tied = new GPTConfig(30, 8, 12, 3, 1, 0f, true, true);
        GPTModel model = randomModel(tied, 7);
        Path dir = tmp.resolve("head");
        GPTCheckpoint.save(model, dir, GPTCheckpoint.Format.JGPT, SafeDType.F32);
        float[] wte = model.stateDict().get("tok_emb.weight").toFloatArray();
        rewriteWeights(dir, Map.of("lm_head.weight", wte));
        assertThat(GPTCheckpoint.load(dir).config().tiedHead()).isTrue();

        float[] other = wte.clone();
        other[5] += 1;
        rewriteWeights(dir, Map.of("lm_head.weight", other));
        GPTModel untied = GPTCheckpoint.load(dir);
        assertThat(untied.config().tiedHead()).isFalse();
        assertThat(untied.stateDict().get("out_head.weight").toFloatArray()).isEqualTo(other);
    }

    @Test
    void loadsFilesSavedWithoutTheTransformerPrefixAndWithMaskBuffers() {
        GPTModel model = randomModel(new GPTConfig(30, 8, 12, 3, 2, 0f, true, true), 8);
        Path dir = tmp.resolve("gpt2model");
        GPTCheckpoint.save(model, dir, GPTCheckpoint.Format.HF, SafeDType.F32);
        SafeTensorsWriter writer = new SafeTensorsWriter();
        try (var file = SafeTensorsFile.open(dir.resolve("model.safetensors"))) {
            for (String name : file.names()) {
                writer.add(name.substring("transformer.".length()), SafeDType.F32, file.info(name).shape(), file.readFloats(name));
            }
        }
        writer.add("h.0.attn.bias", SafeDType.F32, new int[] {1, 1, 8, 8}, new float[64]);
        writer.add("h.1.attn.masked_bias", SafeDType.F32, new int[] {}, new float[] {-1e4f});
        writer.write(dir.resolve("model.safetensors"));
        assertThat(logits(GPTCheckpoint.load(dir), 2, 9, 29)).isEqualTo(logits(model, 2, 9, 29));
    }

    /** Rewrites dir's model.safetensors with some tensors replaced or added. */
    static void rewriteWeights(Path dir, Map<String, float[]> changes) {
        SafeTensorsWriter writer = new SafeTensorsWriter().metadata("format", "pt");
        Path weights = dir.resolve("model.safetensors");
        try (var file = SafeTensorsFile.open(weights)) {
            for (String name : file.names()) {
                if (!changes.containsKey(name)) writer.add(name, SafeDType.F32, file.info(name).shape(), file.readFloats(name));
            }
            changes.forEach((name, values) -> writer.add(name, SafeDType.F32,
                    file.contains(name) ? file.info(name).shape() : file.info("transformer.wte.weight").shape(), values));
        }
        writer.write(weights);
    }

    @Test
    void jgptCheckpointConfigCarriesQkvBiasAndHfKeys() throws Exception {
        GPTCheckpoint.save(new GPTModel(new GPTConfig(50, 256, 12, 3, 1, 0.1f, false, true), 1), tmp.resolve("book"),
                GPTCheckpoint.Format.JGPT, SafeDType.F32);
        String json = Files.readString(tmp.resolve("book/config.json"));
        assertThat(json).contains("\"model_type\": \"gpt2\"", "\"n_positions\": 256", "\"qkv_bias\": false",
                "\"activation_function\": \"gelu_new\"", "\"resid_pdrop\": 0.1", "\"tie_word_embeddings\": true");
    }

    @Test
    void notAModelDirectory() {
        assertThatThrownBy(() -> GPTCheckpoint.load(tmp.resolve("nowhere"))).hasMessageContaining("is not a directory");
        assertThatThrownBy(() -> GPTCheckpoint.load(tmp)).hasMessage(tmp + " has no config.json; a model directory holds config.json"
                + " and model.safetensors, as Hugging Face's GPT-2 directories and jgpt's checkpoints do.");
    }
}
