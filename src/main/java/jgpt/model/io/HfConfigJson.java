package jgpt.model.io;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import jgpt.io.AtomicFiles;
import jgpt.io.CorruptFileException;
import jgpt.model.GPTConfig;

/**
 * A GPT-2 config.json as Hugging Face transformers writes it (GPT2Config), read into a {@link GPTConfig}
 * and written from one. jgpt adds one key HF lacks, {@code qkv_bias} (absent means true, as every HF GPT-2
 * has those biases). The drop rate is HF's resid_pdrop (jgpt writes it to all three *_pdrop keys).
 */
final class HfConfigJson {
    static final String QKV_BIAS = "qkv_bias";
    private static final Set<String> TANH_GELU = Set.of("gelu_new", "gelu_pytorch_tanh");

    private HfConfigJson() {
    }

    /** The config in file; its tiedHead is tie_word_embeddings (absent means true). */
    static GPTConfig read(Path file) {
        JsonObject json = parse(file);
        String modelType = string(json, "model_type", file, "gpt2");
        if (!modelType.equals("gpt2")) {
            throw new CorruptFileException(file + " describes a '" + modelType + "' model, but jgpt loads GPT-2 models (model_type gpt2).");
        }
        checkSupported(json, file);
        String positions = !json.has("n_positions") && json.has("n_ctx") ? "n_ctx" : "n_positions";   // n_ctx: older configs
        try {
            return new GPTConfig(positiveInt(json, "vocab_size", file), positiveInt(json, positions, file),
                    positiveInt(json, "n_embd", file), positiveInt(json, "n_head", file), positiveInt(json, "n_layer", file),
                    (float) number(json, "resid_pdrop", file, 0.1), bool(json, QKV_BIAS, file, true),
                    bool(json, "tie_word_embeddings", file, true));
        } catch (IllegalArgumentException e) {
            throw new CorruptFileException(file + " describes a model jgpt cannot build (" + e.getMessage() + ").", e);
        }
    }

    /** The parts of GPT-2's architecture HF makes configurable that jgpt's model does not vary. */
    private static void checkSupported(JsonObject json, Path file) {
        String activation = string(json, "activation_function", file, "gelu_new");
        if (!TANH_GELU.contains(activation)) {
            throw new CorruptFileException(file + " asks for activation_function '" + activation
                    + "', but jgpt's GPT-2 uses the tanh GELU (gelu_new).");
        }
        double eps = number(json, "layer_norm_epsilon", file, 1e-5);
        if (Math.abs(eps - 1e-5) > 1e-10) {
            throw new CorruptFileException(file + " asks for layer_norm_epsilon " + eps + ", but jgpt's GPT-2 uses 1e-5.");
        }
        JsonElement inner = json.get("n_inner");
        if (inner != null && !inner.isJsonNull() && (!isNumber(inner) || inner.getAsDouble() != 4.0 * positiveInt(json, "n_embd", file))) {
            throw new CorruptFileException(file + " asks for n_inner " + inner + ", but jgpt's feed-forward layer is 4 x n_embd wide.");
        }
        if (bool(json, "scale_attn_by_inverse_layer_idx", file, false) || !bool(json, "scale_attn_weights", file, true)) {
            throw new CorruptFileException(file + " changes the attention scaling (scale_attn_weights / scale_attn_by_inverse_layer_idx),"
                    + " which jgpt's GPT-2 does not support.");
        }
    }

    private static JsonObject parse(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage() + ".", e);
        }
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            JsonElement root = JsonParser.parseReader(reader);
            if (!root.isJsonObject()) throw new CorruptFileException(file + " is not a JSON object, as a model config must be.");
            return root.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;   // Gson wraps the reader's MalformedJsonException
            String reason = String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
            throw new CorruptFileException(file + " is not valid JSON (" + reason + ").", e);
        }
    }

    private static int positiveInt(JsonObject json, String key, Path file) {
        JsonElement value = json.get(key);
        if (value == null || value.isJsonNull()) throw new CorruptFileException(file + " lacks the key '" + key + "' that a GPT-2 config needs.");
        if (!isNumber(value) || value.getAsDouble() != Math.rint(value.getAsDouble()) || value.getAsDouble() < 1
                || value.getAsDouble() > Integer.MAX_VALUE) {
            throw new CorruptFileException(file + " gives '" + key + "' as " + value + ", but it must be a positive whole number.");
        }
        return value.getAsInt();
    }

    private static double number(JsonObject json, String key, Path file, double absent) {
        JsonElement value = json.get(key);
        if (value == null || value.isJsonNull()) return absent;
        if (!isNumber(value)) throw new CorruptFileException(file + " gives '" + key + "' as " + value + ", but it must be a number.");
        return value.getAsDouble();
    }

    private static boolean bool(JsonObject json, String key, Path file, boolean absent) {
        JsonElement value = json.get(key);
        if (value == null || value.isJsonNull()) return absent;
        if (!(value instanceof JsonPrimitive p) || !p.isBoolean()) {
            throw new CorruptFileException(file + " gives '" + key + "' as " + value + ", but it must be true or false.");
        }
        return p.getAsBoolean();
    }

    private static String string(JsonObject json, String key, Path file, String absent) {
        JsonElement value = json.get(key);
        if (value == null || value.isJsonNull()) return absent;
        if (!(value instanceof JsonPrimitive p) || !p.isString()) {
            throw new CorruptFileException(file + " gives '" + key + "' as " + value + ", but it must be a string.");
        }
        return p.getAsString();
    }

    private static boolean isNumber(JsonElement value) {
        return value instanceof JsonPrimitive p && p.isNumber();
    }

    /** Writes config as HF's GPT2Config keys, plus jgpt's qkv_bias when withJgptKeys; atomically. */
    static void write(GPTConfig config, Path file, boolean withJgptKeys) {
        JsonObject json = new JsonObject();
        JsonArray architectures = new JsonArray();
        architectures.add("GPT2LMHeadModel");
        json.add("architectures", architectures);
        json.addProperty("model_type", "gpt2");
        json.addProperty("vocab_size", config.vocabSize());
        json.addProperty("n_positions", config.contextLength());
        json.addProperty("n_embd", config.embDim());
        json.addProperty("n_layer", config.nLayers());
        json.addProperty("n_head", config.nHeads());
        json.add("n_inner", JsonNull.INSTANCE);
        json.addProperty("activation_function", "gelu_new");
        json.addProperty("layer_norm_epsilon", 1e-5);   // GPTConfig.LAYER_NORM_EPS
        double dropRate = Double.parseDouble(Float.toString(config.dropRate()));   // 0.1, not 0.10000000149
        for (String key : new String[] {"attn_pdrop", "embd_pdrop", "resid_pdrop"}) json.addProperty(key, dropRate);
        json.addProperty("initializer_range", 0.02);
        json.addProperty("scale_attn_weights", true);
        json.addProperty("tie_word_embeddings", config.tiedHead());
        if (config.vocabSize() > 50256) {   // GPT-2's <|endoftext|>
            json.addProperty("bos_token_id", 50256);
            json.addProperty("eos_token_id", 50256);
        }
        if (withJgptKeys) json.addProperty(QKV_BIAS, config.qkvBias());
        String text = new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(json) + "\n";
        AtomicFiles.write(file, out -> {
            var writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            writer.write(text);
            writer.flush();
        });
    }
}
