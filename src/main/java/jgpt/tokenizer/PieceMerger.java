package jgpt.tokenizer;

import java.util.Arrays;

/**
 * Applies a vocabulary's merges to the bytes of one pre-tokenized piece: start from one token per
 * byte, then repeatedly merge the adjacent pair of lowest rank (the leftmost among equals), as
 * GPT-2 and tiktoken do. Short pieces use a flat array scan; long ones a linked list and a heap, so
 * a megabyte-long run of one character stays O(n log n). Holds scratch arrays: one user at a time.
 */
final class PieceMerger {
    private static final int LONG_PIECE = 128;
    private static final int REMOVED = -1;

    private final MergeTable merges;
    private final int[] byteTokens;
    private int[] tokens = new int[LONG_PIECE];
    private long[] pairMerges = new long[LONG_PIECE];
    private int[] next = new int[0];
    private int[] prev = new int[0];
    private long[] heap = new long[0];
    private int heapSize;

    /** byteTokens[b] is the id of the token made of the single byte b. */
    PieceMerger(MergeTable merges, int[] byteTokens) {
        this.merges = merges;
        this.byteTokens = byteTokens;
    }

    /** Appends the tokens of bytes[0, length) to out. */
    void merge(byte[] bytes, int length, IntList out) {
        if (length > LONG_PIECE) {
            mergeLong(bytes, length, out);
            return;
        }
        int[] tok = tokens;
        long[] pair = pairMerges;
        for (int i = 0; i < length; i++) tok[i] = byteTokens[bytes[i] & 0xFF];
        for (int i = 0; i + 1 < length; i++) pair[i] = merges.lookup(tok[i], tok[i + 1]);
        int n = length;
        while (n > 1) {
            int best = 0;
            for (int i = 1; i < n - 1; i++) {
                if (pair[i] < pair[best]) best = i;
            }
            long merge = pair[best];
            if (merge == MergeTable.NO_MERGE) break;
            tok[best] = MergeTable.mergedIdOf(merge);
            System.arraycopy(tok, best + 2, tok, best + 1, n - best - 2);
            if (n - best - 3 > 0) System.arraycopy(pair, best + 2, pair, best + 1, n - best - 3);
            n--;
            if (best > 0) pair[best - 1] = merges.lookup(tok[best - 1], tok[best]);
            if (best < n - 1) pair[best] = merges.lookup(tok[best], tok[best + 1]);
        }
        out.addAll(tok, 0, n);
    }

    private void mergeLong(byte[] bytes, int length, IntList out) {
        if (next.length < length) {
            tokens = new int[length];
            next = new int[length];
            prev = new int[length];
            heap = new long[length];
        }
        int[] tok = tokens;
        heapSize = 0;
        for (int i = 0; i < length; i++) {
            tok[i] = byteTokens[bytes[i] & 0xFF];
            prev[i] = i - 1;
            next[i] = i + 1 < length ? i + 1 : REMOVED;
        }
        for (int i = 0; i + 1 < length; i++) pushPair(i, tok[i], tok[i + 1]);
        while (heapSize > 0) {
            long entry = popMin();
            int at = (int) entry;
            int right = next[at];
            if (tok[at] == REMOVED || right == REMOVED) continue;
            long merge = merges.lookup(tok[at], tok[right]);
            if (merge == MergeTable.NO_MERGE || MergeTable.rankOf(merge) != (int) (entry >>> 32)) continue;
            tok[at] = MergeTable.mergedIdOf(merge);
            tok[right] = REMOVED;
            next[at] = next[right];
            if (next[at] != REMOVED) {
                prev[next[at]] = at;
                pushPair(at, tok[at], tok[next[at]]);
            }
            if (prev[at] != REMOVED) pushPair(prev[at], tok[prev[at]], tok[at]);
        }
        for (int i = 0; i != REMOVED; i = next[i]) out.add(tok[i]);
    }

    /** Queues the pair that starts at position at, keyed by (rank, position) so ties go leftmost. */
    private void pushPair(int at, int left, int right) {
        long merge = merges.lookup(left, right);
        if (merge == MergeTable.NO_MERGE) return;
        if (heapSize == heap.length) heap = Arrays.copyOf(heap, heapSize * 2 + 2);
        long entry = ((long) MergeTable.rankOf(merge) << 32) | at;
        int i = heapSize++;
        while (i > 0 && heap[(i - 1) >>> 1] > entry) {
            heap[i] = heap[(i - 1) >>> 1];
            i = (i - 1) >>> 1;
        }
        heap[i] = entry;
    }

    private long popMin() {
        long min = heap[0];
        long last = heap[--heapSize];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= heapSize) break;
            if (child + 1 < heapSize && heap[child + 1] < heap[child]) child++;
            if (heap[child] >= last) break;
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = last;
        return min;
    }
}
