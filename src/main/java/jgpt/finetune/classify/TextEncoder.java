package jgpt.finetune.classify;

import java.util.Arrays;
import java.util.List;
import jgpt.data.labelled.LabelledDataset;
import jgpt.tokenizer.Tokenizer;

/**
 * Turns texts into the token ids a classifier reads: GPT-2 tokens (special-token text read as plain
 * text), at most maxLength of them. The book's default length is the longest training text's, which
 * {@link #fit} finds, capped by the model's context.
 */
public final class TextEncoder {
    private final Tokenizer tokenizer;
    private final int padId, maxLength;
    private final boolean truncate;
    private final LabelledDataset fittedOn;
    private final List<int[]> fittedTokens;

    private TextEncoder(Tokenizer tokenizer, int padId, int maxLength, boolean truncate, LabelledDataset fittedOn, List<int[]> fittedTokens) {
        this.tokenizer = tokenizer;
        this.padId = padId;
        this.maxLength = maxLength;
        this.truncate = truncate;
        this.fittedOn = fittedOn;
        this.fittedTokens = fittedTokens;
    }

    /** An encoder that cuts texts to maxLength tokens, for inference. */
    public TextEncoder(Tokenizer tokenizer, int padId, int maxLength) {
        this(tokenizer, padId, maxLength, true, null, null);
    }

    /**
     * The encoder for training on train: requestedLength tokens (0: the longest training text, or the
     * context when truncating and some text is longer). Lengths that cannot work are one sentence each.
     */
    public static TextEncoder fit(LabelledDataset train, Tokenizer tokenizer, int padId, int context, int requestedLength, boolean truncate,
                                  String source) {
        if (requestedLength > context) {
            throw new IllegalArgumentException("--max-length " + requestedLength + " is longer than the model's context of " + context + " tokens.");
        }
        if (requestedLength < 0) throw new IllegalArgumentException("--max-length must be 1 or more (or 0 for the longest training text).");
        List<int[]> tokens = EncodedExamples.tokenize(train, tokenizer, padId);
        int longest = tokens.stream().mapToInt(t -> t.length).max().orElse(1);
        if (requestedLength == 0 && longest > context && !truncate) {
            throw new IllegalArgumentException("The longest training text in " + source + " has " + longest + " tokens, more than the model's context of "
                    + context + "; turn on --truncate or set a --max-length.");
        }
        int maxLength = requestedLength > 0 ? requestedLength : Math.min(longest, context);
        return new TextEncoder(tokenizer, padId, maxLength, truncate, train, tokens);
    }

    public int maxLength() {
        return maxLength;
    }

    /** Encodes data with classes numbered by labels; where names it in messages ("the test split of spam.jsonl"). */
    public EncodedExamples encode(LabelledDataset data, List<String> labels, String where) {
        List<int[]> tokens = data == fittedOn ? fittedTokens : EncodedExamples.tokenize(data, tokenizer, padId);
        return EncodedExamples.of(data, tokens, labels, maxLength, truncate, where);
    }

    /** The ids of one text, cut to maxLength; an empty text is the pad token alone. */
    public int[] encode(String text) {
        int[] ids = tokenizer.encodeOrdinary(text);
        if (ids.length == 0) return new int[] {padId};
        return ids.length > maxLength ? Arrays.copyOf(ids, maxLength) : ids;
    }
}
