package jgpt.model.io;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;
import jgpt.io.CorruptFileException;
import jgpt.io.SafeDType;
import jgpt.model.GPTConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Every way a model directory can be damaged gives one sentence naming the damaged file. */
class CorruptCheckpointTest {
    @TempDir
    Path dir;
    Path weights;
    Path config;

    @BeforeEach
    void writeGoodCheckpoint() {
        GPTCheckpoint.save(GPTCheckpointTest.randomModel(new GPTConfig(30, 8, 12, 3, 2, 0f, true, true), 1), dir,
                GPTCheckpoint.Format.HF, SafeDType.F32);
        weights = dir.resolve("model.safetensors");
        config = dir.resolve("config.json");
    }

    private void assertRejected(Path namedFile, String phrase) {
        Throwable error = catchThrowable(() -> GPTCheckpoint.load(dir));
        assertThat(error).isInstanceOf(CorruptFileException.class);
        String message = error.getMessage();
        assertThat(message).contains(namedFile.toString()).contains(phrase).doesNotContain("\n").endsWith(".");
    }

    // ---- model.safetensors damaged as a file -------------------------------------------------------

    @Test
    void truncatedWeights() throws IOException {
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, Arrays.copyOf(bytes, bytes.length - 10));
        assertRejected(weights, "bytes");
    }

    @Test
    void headerLengthLargerThanTheFile() throws IOException {
        byte[] bytes = Files.readAllBytes(weights);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, bytes.length);
        Files.write(weights, bytes);
        assertRejected(weights, "header");
    }

    @Test
    void malformedJsonHeader() {
        editHeader(text -> text.replaceFirst("\\{", "["));
        assertRejected(weights, "JSON");
    }

    @Test
    void unknownDType() {
        editHeader(text -> text.replaceFirst("\"F32\"", "\"F99\""));
        assertRejected(weights, "F99");
    }

    @Test
    void offsetsOutOfRange() {
        editHeaderJson(json -> offsets(json, "transformer.ln_f.bias", 1 << 20, (1 << 20) + 48));   // right size, past the end
        assertRejected(weights, "tensor 'transformer.ln_f.bias' ends at byte 1048624 of the data section");
    }

    @Test
    void overlappingOffsets() {
        editHeaderJson(json -> {
            var weight = json.getAsJsonObject("transformer.ln_f.weight").getAsJsonArray("data_offsets");
            offsets(json, "transformer.ln_f.bias", weight.get(0).getAsLong(), weight.get(1).getAsLong());
        });
        assertRejected(weights, "overlap");
    }

    // ---- model.safetensors disagreeing with config.json ----------------------------------------------

    @Test
    void missingTensor() {
        editHeaderJson(json -> json.remove("transformer.h.1.mlp.c_proj.bias"));
        assertRejected(weights, "lacks the tensor transformer.h.1.mlp.c_proj.bias that the GPT-2 model described by " + config);
    }

    @Test
    void extraTensor() {
        GPTCheckpointTest.rewriteWeights(dir, Map.of("transformer.h.2.ln_1.weight", new float[30 * 12]));
        assertRejected(weights, "holds the tensor transformer.h.2.ln_1.weight that the GPT-2 model described by " + config
                + " does not have");
    }

    @Test
    void shapeDisagreeingWithConfig() throws IOException {
        Files.writeString(config, Files.readString(config).replace("\"n_positions\": 8", "\"n_positions\": 16"));
        assertRejected(weights, "Tensor 'transformer.wpe.weight' in " + weights + " has shape [8, 12], but the model described by "
                + config + " needs [16, 12]");
    }

    @Test
    void transposedConv1DWeight() {
        editHeaderJson(json -> {
            var shape = json.getAsJsonObject("transformer.h.0.attn.c_attn.weight").getAsJsonArray("shape");
            shape.set(0, new com.google.gson.JsonPrimitive(36));
            shape.set(1, new com.google.gson.JsonPrimitive(12));
        });
        assertRejected(weights, "has shape [36, 12], but the model described by " + config + " needs [12, 36]");
    }

    @Test
    void weightsStoredAsIntegers() {
        editHeaderJson(json -> json.getAsJsonObject("transformer.ln_f.weight").addProperty("dtype", "I32"));
        assertRejected(weights, "is stored as I32, but model weights must be F32, F16 or BF16");
    }

    @Test
    void untiedConfigWithoutAHead() throws IOException {
        Files.writeString(config, Files.readString(config).replace("\"tie_word_embeddings\": true", "\"tie_word_embeddings\": false"));
        assertRejected(weights, "lacks the tensor lm_head.weight");
    }

    // ---- config.json ---------------------------------------------------------------------------------

    @Test
    void malformedConfigJson() throws IOException {
        Files.writeString(config, Files.readString(config).replace("\"n_embd\": 12,", "\"n_embd\": 12"));
        assertRejected(config, "is not valid JSON");
    }

    @Test
    void configLackingAKey() throws IOException {
        Files.writeString(config, Files.readString(config).replace("\"n_head\": 3,", ""));
        assertRejected(config, "lacks the key 'n_head'");
    }

    @Test
    void configWithAWrongValue() throws IOException {
        Files.writeString(config, Files.readString(config).replace("\"n_head\": 3", "\"n_head\": 5"));
        assertRejected(config, "the embedding width 12 does not split into 5 heads");
        Files.writeString(config, Files.readString(config).replace("\"n_head\": 5", "\"n_head\": \"three\""));
        assertRejected(config, "gives 'n_head' as \"three\", but it must be a positive whole number");
    }

    @Test
    void configOfAnotherArchitecture() throws IOException {
        Files.writeString(config, Files.readString(config).replace("\"gpt2\"", "\"llama\""));
        assertRejected(config, "describes a 'llama' model");
        Files.writeString(config, Files.readString(config).replace("\"llama\"", "\"gpt2\"").replace("gelu_new", "relu"));
        assertRejected(config, "activation_function 'relu'");
    }

    // ---- helpers that rewrite the header by hand, independently of the writer ---------------------------

    private static void offsets(JsonObject json, String name, long begin, long end) {
        var array = new com.google.gson.JsonArray();
        array.add(begin);
        array.add(end);
        json.getAsJsonObject(name).add("data_offsets", array);
    }

    private void editHeaderJson(Consumer<JsonObject> edit) {
        editHeader(text -> {
            JsonObject json = JsonParser.parseString(text).getAsJsonObject();
            edit.accept(json);
            return json.toString();
        });
    }

    private void editHeader(java.util.function.UnaryOperator<String> edit) {
        try {
            ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(weights)).order(ByteOrder.LITTLE_ENDIAN);
            int headerLength = (int) file.getLong(0);
            String header = new String(file.array(), 8, headerLength, StandardCharsets.UTF_8);
            byte[] data = Arrays.copyOfRange(file.array(), 8 + headerLength, file.capacity());
            byte[] newHeader = edit.apply(header).getBytes(StandardCharsets.UTF_8);
            ByteBuffer out = ByteBuffer.allocate(8 + newHeader.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
            out.putLong(newHeader.length).put(newHeader).put(data);
            Files.write(weights, out.array());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
