package jgpt.tokenizer;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a Hugging Face {@code tokenizer.json} that holds a byte-level BPE model, as GPT-2's does. */
public final class HuggingFaceTokenizerFile {
    private HuggingFaceTokenizerFile() {
    }

    public static BpeVocabulary read(Path file) {
        String source = file.toString();
        JsonElement root = VocabMergesFiles.parseJson(file);
        if (!root.isJsonObject() || !root.getAsJsonObject().has("model")
                || !root.getAsJsonObject().get("model").isJsonObject()) {
            throw new IllegalArgumentException(source + " has no \"model\" object, so it is not a tokenizer.json.");
        }
        JsonObject model = root.getAsJsonObject().getAsJsonObject("model");
        String type = model.has("type") ? model.get("type").getAsString() : "BPE";
        if (!type.equals("BPE") || !model.has("vocab") || !model.has("merges")) {
            throw new IllegalArgumentException(source + " holds a " + type
                    + " model; only byte-level BPE models (like GPT-2's) are supported.");
        }
        for (String affix : new String[] {"continuing_subword_prefix", "end_of_word_suffix"}) {
            String value = stringOrNull(model, affix);
            if (value != null && !value.isEmpty()) {
                throw new IllegalArgumentException(source + " sets model." + affix + ", which GPT-2's BPE does not;"
                        + " it is not supported.");
            }
        }
        requireGpt2PreTokenizer(root.getAsJsonObject().get("pre_tokenizer"), source);
        Map<String, Integer> vocab = VocabMergesFiles.parseVocab(model.get("vocab"), source + " model.vocab");
        return VocabMergesFiles.build(vocab, merges(model.get("merges"), source),
                addedSpecialTokens(root.getAsJsonObject(), source), source, source);
    }

    private static void requireGpt2PreTokenizer(JsonElement preTokenizer, String source) {
        boolean byteLevel = preTokenizer != null && preTokenizer.isJsonObject()
                && "ByteLevel".equals(stringOrNull(preTokenizer.getAsJsonObject(), "type"));
        if (!byteLevel) {
            throw new IllegalArgumentException(source + " does not use the ByteLevel pre-tokenizer;"
                    + " only GPT-2-style byte-level BPE is supported.");
        }
        JsonObject options = preTokenizer.getAsJsonObject();
        if (options.has("add_prefix_space") && options.get("add_prefix_space").getAsBoolean()) {
            throw new IllegalArgumentException(source + " sets add_prefix_space, which GPT-2 does not;"
                    + " it is not supported.");
        }
        if (options.has("use_regex") && !options.get("use_regex").getAsBoolean()) {
            throw new IllegalArgumentException(source + " turns off GPT-2's split pattern (use_regex false);"
                    + " it is not supported.");
        }
    }

    /** Merges as "left right" strings (older files) or as [left, right] arrays (newer ones). */
    private static List<String[]> merges(JsonElement json, String source) {
        if (!json.isJsonArray()) throw new IllegalArgumentException(source + " model.merges is not a list.");
        List<String[]> merges = new ArrayList<>();
        for (JsonElement merge : json.getAsJsonArray()) {
            String[] pair = null;
            if (merge.isJsonPrimitive()) {
                pair = merge.getAsString().split(" ", -1);
            } else if (merge.isJsonArray() && merge.getAsJsonArray().size() == 2) {
                pair = new String[] {merge.getAsJsonArray().get(0).getAsString(),
                        merge.getAsJsonArray().get(1).getAsString()};
            }
            if (pair == null || pair.length != 2) {
                throw new IllegalArgumentException(source + " model.merges entry " + (merges.size() + 1)
                        + " (" + merge + ") is not a pair of tokens.");
            }
            merges.add(pair);
        }
        return merges;
    }

    private static Map<String, Integer> addedSpecialTokens(JsonObject root, String source) {
        var special = new LinkedHashMap<String, Integer>();
        if (!root.has("added_tokens") || !root.get("added_tokens").isJsonArray()) return special;
        for (JsonElement added : root.getAsJsonArray("added_tokens")) {
            if (!added.isJsonObject() || !added.getAsJsonObject().has("id") || !added.getAsJsonObject().has("content")) {
                throw new IllegalArgumentException(source + " has an added token without an id and content: " + added);
            }
            JsonObject token = added.getAsJsonObject();
            special.put(token.get("content").getAsString(), token.get("id").getAsInt());
        }
        return special;
    }

    private static String stringOrNull(JsonObject object, String key) {
        JsonElement value = object.get(key);
        return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
    }
}
