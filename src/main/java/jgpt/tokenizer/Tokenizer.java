package jgpt.tokenizer;

import java.util.OptionalInt;
import java.util.Set;

/**
 * Text to token ids and back. Implementations are thread-safe.
 * <p>Special tokens (such as {@code <|endoftext|>}) follow tiktoken: {@link #encode(String)} refuses
 * text that contains one, {@link #encode(String, Set)} encodes the allowed ones as their special ids
 * and refuses the others, and {@link #encodeOrdinary(String)} treats them as plain text.
 */
public interface Tokenizer {

    /** The ids of text; throws IllegalArgumentException if text contains a special token. */
    default int[] encode(String text) {
        return encode(text, Set.of());
    }

    /**
     * The ids of text, with the special tokens named in allowedSpecial encoded as their ids;
     * throws IllegalArgumentException if text contains any other special token.
     */
    int[] encode(String text, Set<String> allowedSpecial);

    /** The ids of text, with special-token text encoded like any other text. */
    int[] encodeOrdinary(String text);

    /** The bytes that ids stand for; a multi-byte character may be split across calls. */
    byte[] decodeBytes(int[] ids);

    /**
     * The text that ids stand for (bytes that are not valid UTF-8 become U+FFFD); throws
     * IllegalArgumentException for an id outside the vocabulary.
     */
    String decode(int[] ids);

    /** One more than the largest id. */
    int vocabSize();

    /** The special tokens this tokenizer knows. */
    Set<String> specialTokens();

    /** The id of {@code <|endoftext|>}, if the vocabulary has it. */
    OptionalInt endOfTextId();
}
