package jgpt.tokenizer;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The two-file BPE format: a JSON map from token text to id ({@code vocab.json}, which OpenAI's GPT-2
 * release calls {@code encoder.json}) and one merge a line ({@code merges.txt}, or {@code vocab.bpe}),
 * with tokens written through {@link ByteToUnicode}. Special tokens are the ids that are neither a
 * single byte nor made by a merge (GPT-2's {@code <|endoftext|>}).
 */
public final class VocabMergesFiles {
    static final String MERGES_HEADER = "#version: 0.2";

    private VocabMergesFiles() {
    }

    public static BpeVocabulary read(Path vocabJson, Path mergesText) {
        Map<String, Integer> vocab = parseVocab(parseJson(vocabJson), vocabJson.toString());
        List<String[]> merges = new ArrayList<>();
        String[] lines = TextFiles.readUtf8(mergesText).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isEmpty() || (i == 0 && line.startsWith("#version"))) continue;
            String[] pair = line.split(" ", -1);
            if (pair.length != 2 || pair[0].isEmpty() || pair[1].isEmpty()) {
                throw new IllegalArgumentException(mergesText + " line " + (i + 1)
                        + " is not two tokens separated by one space, so it is not a BPE merges file.");
            }
            merges.add(pair);
        }
        return build(vocab, merges, Map.of(), vocabJson.toString(), mergesText.toString());
    }

    /** Writes vocab.json and merges.txt into dir (created if needed), each atomically. */
    public static void write(BpeVocabulary vocabulary, Path dir) {
        var vocab = new LinkedHashMap<String, Integer>();
        for (int id = 0; id < vocabulary.size(); id++) {
            byte[] bytes = vocabulary.tokenBytes(id);
            if (bytes != null) vocab.put(ByteToUnicode.encode(bytes), id);
        }
        vocab.putAll(vocabulary.specialTokens());
        var merges = new StringBuilder(MERGES_HEADER).append('\n');
        for (int[] merge : vocabulary.mergeList()) {
            merges.append(ByteToUnicode.encode(vocabulary.tokenBytes(merge[0]))).append(' ')
                    .append(ByteToUnicode.encode(vocabulary.tokenBytes(merge[1]))).append('\n');
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the directory " + dir + ": " + e.getMessage() + ".", e);
        }
        String json = new GsonBuilder().disableHtmlEscaping().create().toJson(vocab);
        TextFiles.writeAtomically(dir.resolve("vocab.json"), json + "\n");
        TextFiles.writeAtomically(dir.resolve("merges.txt"), merges.toString());
    }

    /**
     * A vocabulary from token texts: vocab maps text to id, merges lists text pairs in priority order,
     * and declaredSpecial adds special tokens named outside the vocabulary (tokenizer.json's added tokens).
     * The sources name the vocabulary's file and the merges' file in error messages.
     */
    static BpeVocabulary build(Map<String, Integer> vocab, List<String[]> merges,
                               Map<String, Integer> declaredSpecial, String vocabSource, String mergesSource) {
        List<int[]> mergeIds = new ArrayList<>(merges.size());
        Set<String> mergeProducts = new HashSet<>();
        for (String[] pair : merges) {
            mergeIds.add(new int[] {idIn(vocab, pair[0], mergesSource), idIn(vocab, pair[1], mergesSource)});
            mergeProducts.add(pair[0] + pair[1]);
        }
        int maxId = vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
        byte[][] tokens = new byte[maxId + 1][];
        Map<String, Integer> special = new LinkedHashMap<>(declaredSpecial);
        for (var entry : vocab.entrySet()) {
            String text = entry.getKey();
            byte[] bytes = ByteToUnicode.decode(text);
            boolean ordinary = bytes != null && !declaredSpecial.containsKey(text)
                    && (bytes.length == 1 || mergeProducts.contains(text));
            if (ordinary) {
                tokens[entry.getValue()] = bytes;
            } else {
                special.put(text, entry.getValue());
            }
        }
        for (int i = 0; i < merges.size(); i++) {
            for (int side = 0; side < 2; side++) {
                if (tokens[mergeIds.get(i)[side]] == null) {
                    throw new IllegalArgumentException(mergesSource + " merge " + (i + 1) + " uses \"" + merges.get(i)[side]
                            + "\", which is neither a single byte nor made by a merge.");
                }
            }
        }
        return BpeVocabulary.fromMerges(tokens, mergeIds, special, vocabSource);
    }

    static JsonElement parseJson(Path file) {
        try {
            return JsonParser.parseString(TextFiles.readUtf8(file));
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + firstLine(e.getMessage()) + ".", e);
        }
    }

    /** A JSON object of token text to non-negative int id. */
    static Map<String, Integer> parseVocab(JsonElement json, String source) {
        if (!json.isJsonObject()) {
            throw new IllegalArgumentException(source + " is not a JSON object of token to id.");
        }
        JsonObject object = json.getAsJsonObject();
        var vocab = new LinkedHashMap<String, Integer>(object.size() * 2);
        for (var entry : object.entrySet()) {
            JsonElement id = entry.getValue();
            if (!id.isJsonPrimitive() || !id.getAsJsonPrimitive().isNumber() || id.getAsInt() < 0) {
                throw new IllegalArgumentException(source + " maps \"" + entry.getKey()
                        + "\" to " + id + ", which is not a token id.");
            }
            vocab.put(entry.getKey(), id.getAsInt());
        }
        return vocab;
    }

    private static int idIn(Map<String, Integer> vocab, String token, String source) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw new IllegalArgumentException(source + " merges \"" + token + "\", which the vocabulary lacks.");
        }
        return id;
    }

    private static String firstLine(String message) {
        return message == null ? "parse error" : message.lines().findFirst().orElse(message);
    }
}
