package jgpt.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The teaching tokenizer of chapter 2: split on punctuation, "--" and whitespace, build the
 * vocabulary from a text's distinct words (sorted) plus {@code <|endoftext|>} and {@code <|unk|>}, and
 * map unknown words to {@code <|unk|>}. Decoding joins words with spaces, then pulls punctuation back
 * against the word before it, so it does not always give back the exact text; BPE does.
 */
public final class SimpleTokenizer {
    public static final String END_OF_TEXT = SpecialTokens.END_OF_TEXT;
    public static final String UNKNOWN = "<|unk|>";

    private static final Pattern SPLIT = Pattern.compile("(?<=[,.:;?_!\"()']|--|\\s)|(?=[,.:;?_!\"()']|--|\\s)");
    private static final Pattern SPACE_BEFORE_PUNCTUATION = Pattern.compile("\\s+([,.:;?!\"()'])");

    private final List<String> words;
    private final Map<String, Integer> ids = new HashMap<>();

    private SimpleTokenizer(List<String> words) {
        this.words = List.copyOf(words);
        for (int id = 0; id < words.size(); id++) ids.put(words.get(id), id);
    }

    /** A tokenizer whose vocabulary is the distinct words of text, sorted, then the two special tokens. */
    public static SimpleTokenizer fromText(String text) {
        var vocabulary = new ArrayList<>(new TreeSet<>(split(text)));
        vocabulary.remove(END_OF_TEXT);
        vocabulary.remove(UNKNOWN);
        vocabulary.add(END_OF_TEXT);
        vocabulary.add(UNKNOWN);
        return new SimpleTokenizer(vocabulary);
    }

    /** The words of text: split at punctuation, "--" and whitespace, with the whitespace dropped. */
    public static List<String> split(String text) {
        return Arrays.stream(SPLIT.split(text)).map(String::strip).filter(word -> !word.isEmpty()).toList();
    }

    public int[] encode(String text) {
        int unknown = ids.get(UNKNOWN);
        return split(text).stream().mapToInt(word -> ids.getOrDefault(word, unknown)).toArray();
    }

    public String decode(int[] ids) {
        var text = new StringBuilder();
        for (int id : ids) {
            if (id < 0 || id >= words.size()) {
                throw new IllegalArgumentException("Token id " + id + " is not in the vocabulary (ids run from 0 to "
                        + (words.size() - 1) + ").");
            }
            if (!text.isEmpty()) text.append(' ');
            text.append(words.get(id));
        }
        return SPACE_BEFORE_PUNCTUATION.matcher(text).replaceAll("$1");
    }

    public int vocabSize() {
        return words.size();
    }

    /** The vocabulary, by id. */
    public List<String> words() {
        return words;
    }
}
