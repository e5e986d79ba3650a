package jgpt.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Learns a byte-level BPE vocabulary from a corpus, the way GPT-2's was made: cut the text into
 * words with GPT-2's pre-tokenizer, start from the 256 byte tokens, and repeatedly merge the most
 * frequent adjacent pair into a new token. Ties go to the pair whose left token's bytes sort first
 * (unsigned), then the right's. Special tokens take the last ids.
 */
public final class BpeTrainer {
    private static final int BYTE_TOKENS = 256;

    /** Told after each merge. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> { };

        void merged(int done, int total);
    }

    private record Candidate(long count, long key) {
    }

    private final List<byte[]> tokens = new ArrayList<>();
    private final List<int[]> merges = new ArrayList<>();
    private int[][] words;
    private int[] lengths;
    private long[] counts;

    private BpeTrainer() {
    }

    /**
     * A vocabulary of vocabSize ids (fewer if the corpus runs out of pairs to merge): 256 byte
     * tokens, the learned merges, then specialTokens.
     */
    public static BpeVocabulary train(List<String> texts, int vocabSize, List<String> specialTokens, Progress progress) {
        int targetMerges = vocabSize - BYTE_TOKENS - specialTokens.size();
        if (targetMerges < 0) {
            throw new IllegalArgumentException("The vocabulary size must be at least " + (BYTE_TOKENS + specialTokens.size())
                    + ": 256 byte tokens and " + specialTokens.size() + " special tokens.");
        }
        var trainer = new BpeTrainer();
        trainer.startFrom(WordCounter.count(texts));
        trainer.learnMerges(targetMerges, progress);
        return trainer.vocabulary(specialTokens);
    }

    private void startFrom(Map<String, Long> wordCounts) {
        int[] idOfByte = new int[BYTE_TOKENS];
        int[] order = ByteToUnicode.bytesInGpt2Order();
        for (int id = 0; id < BYTE_TOKENS; id++) {
            tokens.add(new byte[] {(byte) order[id]});
            idOfByte[order[id]] = id;
        }
        words = new int[wordCounts.size()][];
        lengths = new int[words.length];
        counts = new long[words.length];
        int w = 0;
        for (var entry : wordCounts.entrySet()) {
            byte[] bytes = entry.getKey().getBytes(StandardCharsets.UTF_8);
            words[w] = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) words[w][i] = idOfByte[bytes[i] & 0xFF];
            lengths[w] = bytes.length;
            counts[w++] = entry.getValue();
        }
    }

    private void learnMerges(int targetMerges, Progress progress) {
        PairStatistics stats = PairStatistics.count(words, counts);
        Comparator<Candidate> order = Comparator.comparingLong((Candidate c) -> -c.count())
                .thenComparing(c -> tokens.get(PairStatistics.left(c.key())), Arrays::compareUnsigned)
                .thenComparing(c -> tokens.get(PairStatistics.right(c.key())), Arrays::compareUnsigned);
        var queue = new PriorityQueue<>(order);
        stats.all().forEach((key, pair) -> queue.add(new Candidate(pair.count, key)));
        for (int done = 0; done < targetMerges; done++) {
            Candidate best = pollCurrent(queue, stats);
            if (best == null) break;
            int left = PairStatistics.left(best.key()), right = PairStatistics.right(best.key());
            int newId = tokens.size();
            tokens.add(BpeVocabulary.concat(tokens.get(left), tokens.get(right)));
            merges.add(new int[] {left, right});
            for (long key : mergeInWords(stats, stats.remove(best.key()), left, right, newId)) {
                PairStatistics.Pair pair = stats.get(key);
                if (pair.count > 0) queue.add(new Candidate(pair.count, key));
            }
            progress.merged(done + 1, targetMerges);
        }
    }

    /** The most frequent pair, skipping queue entries whose counts went stale; null when none is left. */
    private static Candidate pollCurrent(PriorityQueue<Candidate> queue, PairStatistics stats) {
        for (Candidate top; (top = queue.poll()) != null; ) {
            PairStatistics.Pair pair = stats.get(top.key());
            if (pair == null || pair.count <= 0) continue;
            if (pair.count == top.count()) return top;
            queue.add(new Candidate(pair.count, top.key()));
        }
        return null;
    }

    /** Rewrites the words that hold (left, right) with newId; returns the keys of the pairs newId now forms. */
    private Set<Long> mergeInWords(PairStatistics stats, PairStatistics.Pair merged, int left, int right, int newId) {
        Set<Long> touched = new HashSet<>();
        for (int i = 0; i < merged.words.size(); i++) {
            int w = merged.words.get(i);
            int[] symbols = words[w];
            int n = lengths[w];
            if (!holds(symbols, n, left, right)) continue;
            stats.subtractWord(symbols, n, counts[w]);
            int out = 0;
            for (int at = 0; at < n; ) {
                boolean match = at + 1 < n && symbols[at] == left && symbols[at + 1] == right;
                symbols[out++] = match ? newId : symbols[at];
                at += match ? 2 : 1;
            }
            lengths[w] = out;
            touched.addAll(stats.addWord(w, symbols, out, counts[w], newId));
        }
        return touched;
    }

    private static boolean holds(int[] symbols, int length, int left, int right) {
        for (int i = 0; i + 1 < length; i++) {
            if (symbols[i] == left && symbols[i + 1] == right) return true;
        }
        return false;
    }

    private BpeVocabulary vocabulary(List<String> specialTokens) {
        var special = new LinkedHashMap<String, Integer>();
        for (String token : specialTokens) special.putIfAbsent(token, tokens.size() + special.size());
        return BpeVocabulary.fromMerges(tokens.toArray(byte[][]::new), merges, special, "the trained vocabulary");
    }
}
