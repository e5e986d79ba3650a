package jgpt.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * GPT-2's byte-level BPE over any {@link BpeVocabulary}: GPT-2's pre-tokenizer cuts the text into
 * pieces; each piece's UTF-8 bytes are looked up whole, then in a cache of recent words, and only then
 * merged pair by pair. Lone surrogates are encoded as U+FFFD, as tiktoken does.
 * <p>Scratch space and word caches live in a small pool that encode calls borrow from, rather than
 * in thread-locals, so that many virtual threads do not each grow a cache.
 */
public final class ByteLevelBpe implements Tokenizer {
    private static final int LONGEST_CACHED_PIECE = 256;

    private final BpeVocabulary vocabulary;
    private final int[] byteTokens;
    private final ByteSequenceMap wholeTokens;
    private final byte[][] bytesById;
    private final SpecialTokens specials;
    private final BlockingQueue<EncodeState> idleStates =
            new ArrayBlockingQueue<>(2 * Runtime.getRuntime().availableProcessors());

    public ByteLevelBpe(BpeVocabulary vocabulary) {
        this.vocabulary = vocabulary;
        this.byteTokens = vocabulary.byteTokens();
        this.wholeTokens = wholeTokenIndex(vocabulary, new PieceMerger(vocabulary.merges(), byteTokens));
        this.specials = new SpecialTokens(vocabulary.specialTokens());
        this.bytesById = new byte[vocabulary.size()][];
        byte[][] ordinary = vocabulary.tokensById();
        System.arraycopy(ordinary, 0, bytesById, 0, ordinary.length);
        vocabulary.specialTokens().forEach((text, id) -> bytesById[id] = text.getBytes(StandardCharsets.UTF_8));
    }

    public BpeVocabulary vocabulary() {
        return vocabulary;
    }

    @Override
    public int[] encode(String text, Set<String> allowedSpecial) {
        specials.refuseDisallowed(text, allowedSpecial);
        char[] chars = text.toCharArray();
        IntList out = new IntList(chars.length / 3 + 16);
        EncodeState state = borrowState();
        int from = 0;
        for (SpecialTokens.Occurrence special; (special = specials.nextAllowed(text, from, allowedSpecial)) != null; ) {
            encodeChars(chars, from, special.start(), state, out);
            out.add(special.id());
            from = special.end();
        }
        encodeChars(chars, from, chars.length, state, out);
        idleStates.offer(state);
        return out.toArray();
    }

    @Override
    public int[] encodeOrdinary(String text) {
        char[] chars = text.toCharArray();
        IntList out = new IntList(chars.length / 3 + 16);
        EncodeState state = borrowState();
        encodeChars(chars, 0, chars.length, state, out);
        idleStates.offer(state);
        return out.toArray();
    }

    @Override
    public byte[] decodeBytes(int[] ids) {
        var bytes = new ByteArrayOutputStream(ids.length * 4);
        for (int id : ids) {
            if (id < 0 || id >= bytesById.length || bytesById[id] == null) {
                throw new IllegalArgumentException("Token id " + id + " is not in the vocabulary (ids run from 0 to "
                        + (bytesById.length - 1) + ").");
            }
            bytes.writeBytes(bytesById[id]);
        }
        return bytes.toByteArray();
    }

    @Override
    public String decode(int[] ids) {
        return new String(decodeBytes(ids), StandardCharsets.UTF_8);
    }

    @Override
    public int vocabSize() {
        return vocabulary.size();
    }

    @Override
    public Set<String> specialTokens() {
        return specials.names();
    }

    @Override
    public OptionalInt endOfTextId() {
        Integer id = vocabulary.specialTokens().get(SpecialTokens.END_OF_TEXT);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** An idle state, or a new one; callers offer it back when done (the pool drops it when full). */
    private EncodeState borrowState() {
        EncodeState state = idleStates.poll();
        return state != null ? state : new EncodeState(vocabulary.merges(), byteTokens);
    }

    private void encodeChars(char[] chars, int start, int end, EncodeState state, IntList out) {
        for (int pos = start; pos < end; ) {
            int pieceEnd = Gpt2PreTokenizer.pieceEnd(chars, pos, end);
            byte[] piece = state.pieceBytes(chars, pos, pieceEnd);
            int length = state.pieceLength;
            int hash = ByteSequenceMap.hash(piece, 0, length);
            int whole = wholeTokens.get(piece, 0, length, hash);
            if (whole != ByteSequenceMap.ABSENT) {
                out.add(whole);
            } else if (!state.cache.appendCached(piece, length, hash, out)) {
                int from = out.size();
                state.merger.merge(piece, length, out);
                if (length <= LONGEST_CACHED_PIECE) state.cache.remember(piece, length, hash, out, from);
            }
            pos = pieceEnd;
        }
    }

    /**
     * The tokens that a piece may be looked up as, whole. A ranked vocabulary takes every token so
     * (tiktoken does); a merge-listed one only those that its merges rebuild from their bytes.
     */
    private static ByteSequenceMap wholeTokenIndex(BpeVocabulary vocabulary, PieceMerger merger) {
        byte[][] tokens = vocabulary.tokensById();
        ByteSequenceMap index = new ByteSequenceMap(tokens.length);
        IntList parts = new IntList(16);
        for (int id = 0; id < tokens.length; id++) {
            if (tokens[id] == null) continue;
            if (!vocabulary.isRanked()) {
                parts.clear();
                merger.merge(tokens[id], tokens[id].length, parts);
                if (parts.size() != 1 || parts.get(0) != id) continue;
            }
            index.put(tokens[id], id);
        }
        return index;
    }

    /** Scratch for one encode call at a time: the current piece's UTF-8 bytes, the merger and the word cache. */
    private static final class EncodeState {
        final PieceMerger merger;
        final WordCache cache = new WordCache();
        byte[] buffer = new byte[256];
        int pieceLength;

        EncodeState(MergeTable merges, int[] byteTokens) {
            merger = new PieceMerger(merges, byteTokens);
        }

        /** Writes chars[start, end) as UTF-8 into the buffer (a lone surrogate as U+FFFD) and returns it. */
        byte[] pieceBytes(char[] chars, int start, int end) {
            if (buffer.length < 3 * (end - start)) buffer = new byte[3 * (end - start)];
            byte[] out = buffer;
            int n = 0;
            for (int i = start; i < end; i++) {
                char c = chars[i];
                if (c < 0x80) {
                    out[n++] = (byte) c;
                } else if (c < 0x800) {
                    out[n++] = (byte) (0xC0 | (c >> 6));
                    out[n++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(chars[i + 1])) {
                    int cp = Character.toCodePoint(c, chars[++i]);
                    out[n++] = (byte) (0xF0 | (cp >> 18));
                    out[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    out[n++] = (byte) (0x80 | (cp & 0x3F));
                } else {
                    if (Character.isSurrogate(c)) c = '\uFFFD';
                    out[n++] = (byte) (0xE0 | (c >> 12));
                    out[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    out[n++] = (byte) (0x80 | (c & 0x3F));
                }
            }
            pieceLength = n;
            return out;
        }
    }
}
