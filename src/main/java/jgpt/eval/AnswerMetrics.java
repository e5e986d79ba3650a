package jgpt.eval;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Offline answer metrics in the style of SQuAD's evaluation: answers are compared after normalizing
 * (lower case, punctuation and the articles a/an/the removed, whitespace collapsed); exact match is 1 or
 * 0, token F1 is the harmonic mean of precision and recall of the shared words (counted with repeats).
 */
public final class AnswerMetrics {
    private static final Pattern PUNCTUATION = Pattern.compile("\\p{P}+");
    private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b");

    private AnswerMetrics() {
    }

    /** Exact match and token F1 averaged over count answers (0 to 1 each). */
    public record Summary(int count, double exactMatch, double tokenF1) {
    }

    public static String normalize(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        String noPunctuation = PUNCTUATION.matcher(lower).replaceAll("");
        return ARTICLES.matcher(noPunctuation).replaceAll(" ").trim().replaceAll("\\s+", " ");
    }

    public static boolean exactMatch(String prediction, String reference) {
        return normalize(prediction).equals(normalize(reference));
    }

    public static double tokenF1(String prediction, String reference) {
        List<String> predicted = words(prediction), expected = words(reference);
        if (predicted.isEmpty() || expected.isEmpty()) return predicted.isEmpty() && expected.isEmpty() ? 1 : 0;
        Map<String, Integer> remaining = new HashMap<>();
        for (String word : expected) remaining.merge(word, 1, Integer::sum);
        int shared = 0;
        for (String word : predicted) {
            Integer left = remaining.get(word);
            if (left != null && left > 0) {
                remaining.put(word, left - 1);
                shared++;
            }
        }
        if (shared == 0) return 0;
        double precision = (double) shared / predicted.size(), recall = (double) shared / expected.size();
        return 2 * precision * recall / (precision + recall);
    }

    public static Summary summarize(List<ModelResponse> responses) {
        double exact = 0, f1 = 0;
        for (ModelResponse r : responses) {
            exact += exactMatch(r.response(), r.reference()) ? 1 : 0;
            f1 += tokenF1(r.response(), r.reference());
        }
        int n = responses.size();
        return new Summary(n, n == 0 ? 0 : exact / n, n == 0 ? 0 : f1 / n);
    }

    private static List<String> words(String text) {
        String normalized = normalize(text);
        return normalized.isEmpty() ? List.of() : Arrays.asList(normalized.split(" "));
    }
}
