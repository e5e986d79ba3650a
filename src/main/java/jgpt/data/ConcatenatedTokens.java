package jgpt.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** Several token sequences read as one, in order. */
final class ConcatenatedTokens implements TokenSequence {
    private final List<? extends TokenSequence> parts;
    private final long[] starts;   // starts[i] = position of part i's first token; starts[n] = total length

    ConcatenatedTokens(List<? extends TokenSequence> parts) {
        this.parts = List.copyOf(parts);
        this.starts = new long[parts.size() + 1];
        for (int i = 0; i < parts.size(); i++) starts[i + 1] = starts[i] + parts.get(i).length();
    }

    @Override
    public long length() {
        return starts[parts.size()];
    }

    @Override
    public void read(long start, int[] dst, int offset, int count) {
        Objects.checkFromIndexSize(start, count, length());
        while (count > 0) {
            int part = partHolding(start);
            long within = start - starts[part];
            int n = (int) Math.min(count, parts.get(part).length() - within);
            parts.get(part).read(within, dst, offset, n);
            start += n;
            offset += n;
            count -= n;
        }
    }

    // the last part whose start is <= position (empty parts are skipped over)
    private int partHolding(long position) {
        int i = Arrays.binarySearch(starts, 0, parts.size(), position);
        if (i < 0) return -i - 2;
        while (i + 1 < parts.size() && starts[i + 1] == position) i++;
        return i;
    }
}
