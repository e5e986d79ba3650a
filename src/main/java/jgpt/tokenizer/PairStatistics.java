package jgpt.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * For BPE training: how often each adjacent pair of tokens occurs in the corpus (a word's pairs
 * count as many times as the word occurs), and which words hold it, kept up to date as merges
 * rewrite the words. Word lists may hold words that lost the pair since; users check.
 */
final class PairStatistics {
    /** The count of one pair and the words that hold (or held) it, in ascending order. */
    static final class Pair {
        long count;
        final IntList words = new IntList(4);
    }

    private final Map<Long, Pair> pairs;

    private PairStatistics(Map<Long, Pair> pairs) {
        this.pairs = pairs;
    }

    /** Counts the pairs of all words, in parallel over slices of the word list. */
    static PairStatistics count(int[][] words, long[] counts) {
        int slices = Math.max(1, Math.min(words.length / 1024, 4 * Runtime.getRuntime().availableProcessors()));
        List<Map<Long, Pair>> parts = IntStream.range(0, slices).parallel()
                .mapToObj(s -> countSlice(words, counts, words.length * s / slices, words.length * (s + 1) / slices))
                .toList();
        Map<Long, Pair> total = new HashMap<>(parts.getFirst());
        for (Map<Long, Pair> part : parts.subList(1, parts.size())) {
            part.forEach((key, pair) -> {
                Pair into = total.computeIfAbsent(key, k -> new Pair());
                into.count += pair.count;
                into.words.addAll(pair.words.values(), 0, pair.words.size());
            });
        }
        return new PairStatistics(total);
    }

    static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    static int left(long key) {
        return (int) (key >>> 32);
    }

    static int right(long key) {
        return (int) key;
    }

    Pair get(long key) {
        return pairs.get(key);
    }

    Pair remove(long key) {
        return pairs.remove(key);
    }

    /** All pairs with their counts, to seed the training queue. */
    Map<Long, Pair> all() {
        return pairs;
    }

    /** Takes away the pairs of a word that occurs count times. */
    void subtractWord(int[] symbols, int length, long count) {
        for (int i = 0; i + 1 < length; i++) {
            Pair pair = pairs.get(key(symbols[i], symbols[i + 1]));
            if (pair != null) pair.count -= count;
        }
    }

    /** Adds the pairs of word number index (which occurs count times); returns the keys of pairs that hold newId. */
    List<Long> addWord(int index, int[] symbols, int length, long count, int newId) {
        List<Long> touched = new ArrayList<>(2);
        for (int i = 0; i + 1 < length; i++) {
            long key = key(symbols[i], symbols[i + 1]);
            Pair pair = pairs.computeIfAbsent(key, k -> new Pair());
            pair.count += count;
            boolean holdsNew = symbols[i] == newId || symbols[i + 1] == newId;
            if (holdsNew) {
                int last = pair.words.size() - 1;
                if (last < 0 || pair.words.get(last) != index) pair.words.add(index);
                touched.add(key);
            }
        }
        return touched;
    }

    private static Map<Long, Pair> countSlice(int[][] words, long[] counts, int from, int to) {
        Map<Long, Pair> slice = new HashMap<>();
        for (int w = from; w < to; w++) {
            int[] symbols = words[w];
            for (int i = 0; i + 1 < symbols.length; i++) {
                Pair pair = slice.computeIfAbsent(key(symbols[i], symbols[i + 1]), k -> new Pair());
                pair.count += counts[w];
                int last = pair.words.size() - 1;
                if (last < 0 || pair.words.get(last) != w) pair.words.add(w);
            }
        }
        return slice;
    }
}
