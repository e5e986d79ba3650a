package jgpt.data;

import java.util.Objects;

/** A read-only run of token ids, in memory or memory-mapped; positions are longs so corpora may exceed 2^31 tokens. */
public interface TokenSequence {

    long length();

    /** Copies count ids starting at position start into dst[offset..]. */
    void read(long start, int[] dst, int offset, int count);

    /** The ids in [from, to) as a sequence sharing this one's data. */
    default TokenSequence slice(long from, long to) {
        Objects.checkFromToIndex(from, to, length());
        TokenSequence whole = this;
        return new TokenSequence() {
            @Override
            public long length() {
                return to - from;
            }

            @Override
            public void read(long start, int[] dst, int offset, int count) {
                Objects.checkFromIndexSize(start, count, length());
                whole.read(from + start, dst, offset, count);
            }
        };
    }

    /** All ids copied into one array; for sequences that fit in memory. */
    default int[] toArray() {
        if (length() > Integer.MAX_VALUE - 8) throw new IllegalStateException(length() + " tokens do not fit in one array");
        int[] out = new int[(int) length()];
        read(0, out, 0, out.length);
        return out;
    }

    /** A sequence over ids held in memory (not copied). */
    static TokenSequence of(int[] ids) {
        return new TokenSequence() {
            @Override
            public long length() {
                return ids.length;
            }

            @Override
            public void read(long start, int[] dst, int offset, int count) {
                Objects.checkFromIndexSize(start, count, ids.length);
                System.arraycopy(ids, (int) start, dst, offset, count);
            }
        };
    }
}
