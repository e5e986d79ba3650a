package jgpt.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A byte-level BPE vocabulary: the bytes of each ordinary token by id, the merges, and the special
 * tokens. Two flavours, matching the two file families: ranked (tiktoken: any adjacent pair whose
 * bytes join into a token merges, lowest rank first, and a piece that is itself a token is taken
 * whole) and merge-listed (Hugging Face and OpenAI: only the listed pairs merge, in list order).
 * For GPT-2 the two give the same ids. Immutable once built.
 */
public final class BpeVocabulary {
    private final byte[][] tokens;
    private final ByteSequenceMap ids;
    private final MergeTable merges;
    private final List<int[]> mergeList;
    private final Map<String, Integer> specialTokens;
    private final boolean ranked;
    private final int size;

    private BpeVocabulary(byte[][] tokens, ByteSequenceMap ids, MergeTable merges, List<int[]> mergeList,
                          Map<String, Integer> specialTokens, boolean ranked) {
        this.tokens = tokens;
        this.ids = ids;
        this.merges = merges;
        this.mergeList = mergeList;
        this.specialTokens = Collections.unmodifiableMap(new LinkedHashMap<>(specialTokens));
        this.ranked = ranked;
        int maxId = tokens.length - 1;
        for (int id : specialTokens.values()) maxId = Math.max(maxId, id);
        this.size = maxId + 1;
    }

    /**
     * A tiktoken-style vocabulary: tokensByRank[r] holds the bytes of the token of rank (and id) r, or
     * null where no token has that rank. source names the file in error messages.
     */
    public static BpeVocabulary fromRanks(byte[][] tokensByRank, Map<String, Integer> specialTokens, String source) {
        ByteSequenceMap ids = indexTokens(tokensByRank, specialTokens, source);
        MergeTable merges = new MergeTable(tokensByRank.length * 2);
        for (int rank = 0; rank < tokensByRank.length; rank++) {
            if (tokensByRank[rank] != null) addEverySplit(tokensByRank[rank], rank, ids, merges);
        }
        return new BpeVocabulary(tokensByRank.clone(), ids, merges, null, specialTokens, true);
    }

    /**
     * A merge-listed vocabulary: tokensById[i] holds the bytes of token i (or null), and mergePairs
     * lists (left id, right id) pairs, highest priority first; each must join into a token.
     */
    public static BpeVocabulary fromMerges(byte[][] tokensById, List<int[]> mergePairs,
                                           Map<String, Integer> specialTokens, String source) {
        ByteSequenceMap ids = indexTokens(tokensById, specialTokens, source);
        MergeTable merges = new MergeTable(mergePairs.size());
        List<int[]> kept = new ArrayList<>(mergePairs.size());
        for (int rank = 0; rank < mergePairs.size(); rank++) {
            int left = mergePairs.get(rank)[0], right = mergePairs.get(rank)[1];
            if (!isOrdinary(tokensById, left) || !isOrdinary(tokensById, right)) {
                throw new IllegalArgumentException(source + ": merge " + (rank + 1) + " uses a token id that is not"
                        + " an ordinary token of the vocabulary.");
            }
            byte[] joined = concat(tokensById[left], tokensById[right]);
            int merged = ids.get(joined);
            if (merged == ByteSequenceMap.ABSENT) {
                throw new IllegalArgumentException(source + ": merge " + (rank + 1) + " joins two tokens into "
                        + describe(joined) + ", which is not in the vocabulary.");
            }
            if (merges.add(left, right, rank, merged)) kept.add(new int[] {left, right});
        }
        return new BpeVocabulary(tokensById.clone(), ids, merges, List.copyOf(kept), specialTokens, false);
    }

    /** One more than the largest id, special tokens included. */
    public int size() {
        return size;
    }

    /** The bytes of ordinary token id, or null if id is special or unused. */
    public byte[] tokenBytes(int id) {
        return isOrdinary(tokens, id) ? tokens[id].clone() : null;
    }

    /** Special token text to id, in id order. */
    public Map<String, Integer> specialTokens() {
        return specialTokens;
    }

    /**
     * The merges as (left id, right id) pairs in priority order. A ranked vocabulary has none stored,
     * so they are worked out: each token of two or more bytes comes from the two tokens that BPE,
     * limited to the tokens ranked below it, makes of its bytes.
     */
    public List<int[]> mergeList() {
        return ranked ? deriveMerges() : mergeList;
    }

    /** byteTokens()[b] is the id of the token made of the single byte b. */
    int[] byteTokens() {
        int[] byteTokens = new int[256];
        for (int b = 0; b < 256; b++) byteTokens[b] = ids.get(new byte[] {(byte) b});
        return byteTokens;
    }

    boolean isRanked() {
        return ranked;
    }

    MergeTable merges() {
        return merges;
    }

    byte[][] tokensById() {
        return tokens;
    }

    /** The id of the ordinary token with exactly these bytes, or ABSENT. */
    int idOf(byte[] bytes) {
        return ids.get(bytes);
    }

    /** Adds the merge of every split of a ranked token into two tokens, all at the token's rank. */
    static void addEverySplit(byte[] token, int rank, ByteSequenceMap ids, MergeTable merges) {
        for (int split = 1; split < token.length; split++) {
            int left = ids.get(token, 0, split, ByteSequenceMap.hash(token, 0, split));
            if (left == ByteSequenceMap.ABSENT) continue;
            int rightLength = token.length - split;
            int right = ids.get(token, split, rightLength, ByteSequenceMap.hash(token, split, rightLength));
            if (right != ByteSequenceMap.ABSENT) merges.add(left, right, rank, rank);
        }
    }

    private List<int[]> deriveMerges() {
        MergeTable ranksSoFar = new MergeTable(tokens.length * 2);
        PieceMerger merger = new PieceMerger(ranksSoFar, byteTokens());
        IntList parts = new IntList(16);
        List<int[]> derived = new ArrayList<>(tokens.length);
        for (int rank = 0; rank < tokens.length; rank++) {
            byte[] token = tokens[rank];
            if (token == null || token.length < 2) continue;
            parts.clear();
            merger.merge(token, token.length, parts);
            if (parts.size() == 2) derived.add(new int[] {parts.get(0), parts.get(1)});
            addEverySplit(token, rank, ids, ranksSoFar);
        }
        return derived;
    }

    static String describe(byte[] bytes) {
        return "\"" + new String(bytes, StandardCharsets.UTF_8) + "\"";
    }

    private static ByteSequenceMap indexTokens(byte[][] tokens, Map<String, Integer> specialTokens, String source) {
        ByteSequenceMap ids = new ByteSequenceMap(tokens.length);
        for (int id = 0; id < tokens.length; id++) {
            if (tokens[id] == null) continue;
            if (ids.get(tokens[id]) != ByteSequenceMap.ABSENT) {
                throw new IllegalArgumentException(source + ": token " + id + " repeats the bytes of token "
                        + ids.get(tokens[id]) + ".");
            }
            ids.put(tokens[id], id);
        }
        for (int b = 0; b < 256; b++) {
            if (ids.get(new byte[] {(byte) b}) == ByteSequenceMap.ABSENT) {
                throw new IllegalArgumentException(source + " has no token for the byte " + b
                        + ", so it is not a byte-level BPE vocabulary.");
            }
        }
        for (var special : specialTokens.entrySet()) {
            int id = special.getValue();
            if (id < 0 || (id < tokens.length && tokens[id] != null)) {
                throw new IllegalArgumentException(source + ": special token " + special.getKey()
                        + " has id " + id + ", which is negative or taken by an ordinary token.");
            }
        }
        return ids;
    }

    private static boolean isOrdinary(byte[][] tokens, int id) {
        return id >= 0 && id < tokens.length && tokens[id] != null;
    }

    static byte[] concat(byte[] left, byte[] right) {
        byte[] joined = new byte[left.length + right.length];
        System.arraycopy(left, 0, joined, 0, left.length);
        System.arraycopy(right, 0, joined, left.length, right.length);
        return joined;
    }
}
