package jgpt.finetune.classify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jgpt.data.labelled.LabelledDataset;
import jgpt.data.labelled.LabelledText;
import jgpt.tokenizer.Tokenizer;

/**
 * Labelled texts as token ids and class numbers, each text cut to at most maxLength tokens. Padding is
 * left to batching, which pads each batch only to its longest row: with causal attention and the
 * classifier reading the last real token, padding further would change nothing but the cost.
 *
 * @param ids       token ids per example, each 1 to maxLength long
 * @param labels    class numbers, indexes into the label list used to encode
 * @param truncated how many texts lost tokens to maxLength
 */
public record EncodedExamples(List<int[]> ids, int[] labels, int maxLength, int truncated) {

    public int size() {
        return labels.length;
    }

    /** The longest encoded example. */
    public int longest() {
        return ids.stream().mapToInt(a -> a.length).max().orElse(0);
    }

    /** Token ids of each text, untruncated; an empty text becomes the single token fill (so it has a last token). */
    public static List<int[]> tokenize(LabelledDataset data, Tokenizer tokenizer, int fill) {
        List<int[]> out = new ArrayList<>(data.size());
        for (LabelledText e : data.examples()) {
            int[] ids = tokenizer.encodeOrdinary(e.text());
            out.add(ids.length == 0 ? new int[] {fill} : ids);
        }
        return out;
    }

    /**
     * Encodes tokens (from {@link #tokenize}) of data with classes numbered by labels. Longer texts are cut to
     * maxLength when truncate is set; otherwise the first one is reported in one sentence naming where
     * (for example "the training split of spam.jsonl") and how to fix it.
     */
    public static EncodedExamples of(LabelledDataset data, List<int[]> tokens, List<String> labels, int maxLength, boolean truncate,
                                     String where) {
        int[] classes = new int[data.size()];
        List<int[]> ids = new ArrayList<>(data.size());
        int truncated = 0;
        for (int i = 0; i < data.size(); i++) {
            String label = data.examples().get(i).label();
            classes[i] = labels.indexOf(label);
            if (classes[i] < 0) {
                throw new IllegalArgumentException(where + " has the label '" + label + "', which the classifier does not know (it knows "
                        + String.join(", ", labels) + ").");
            }
            int[] t = tokens.get(i);
            if (t.length > maxLength) {
                if (!truncate) {
                    throw new IllegalArgumentException("Example " + (i + 1) + " of " + where + " has " + t.length + " tokens, more than the "
                            + maxLength + " allowed; turn truncation on or drop the long texts.");
                }
                t = Arrays.copyOf(t, maxLength);
                truncated++;
            }
            ids.add(t);
        }
        return new EncodedExamples(ids, classes, maxLength, truncated);
    }
}
