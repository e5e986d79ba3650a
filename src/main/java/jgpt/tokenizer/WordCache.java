package jgpt.tokenizer;

/**
 * Remembers the tokens of pieces that BPE had to merge, so a word seen again costs one lookup.
 * Bounded: when full it starts over. Used by one encode call at a time.
 */
final class WordCache {
    private static final int MAX_WORDS = 1 << 15;

    private final ByteSequenceMap offsets = new ByteSequenceMap(MAX_WORDS);
    // For each cached word: its token count, then its tokens.
    private final IntList tokens = new IntList(MAX_WORDS * 4);

    /** Appends the cached tokens of the piece to out and returns true, or returns false if not cached. */
    boolean appendCached(byte[] piece, int length, int hash, IntList out) {
        int at = offsets.get(piece, 0, length, hash);
        if (at == ByteSequenceMap.ABSENT) return false;
        out.addAll(tokens.values(), at + 1, at + 1 + tokens.get(at));
        return true;
    }

    /** Caches the tokens out[from, out.size()) as those of the piece. */
    void remember(byte[] piece, int length, int hash, IntList out, int from) {
        if (offsets.size() >= MAX_WORDS) {
            offsets.clear();
            tokens.clear();
        }
        offsets.put(piece, 0, length, hash, tokens.size());
        tokens.add(out.size() - from);
        tokens.addAll(out.values(), from, out.size());
    }
}
