package jgpt.tokenizer;

import java.util.Arrays;

/**
 * The merges of a BPE vocabulary: for an adjacent pair of token ids, the rank of their merge (lower
 * merges first) and the id of the token they merge into. An open-addressing map keyed by the pair.
 */
final class MergeTable {
    /** What {@link #lookup} returns for a pair that never merges; compares above every real merge. */
    static final long NO_MERGE = Long.MAX_VALUE;

    private static final long EMPTY = -1L;

    // Slot i holds its key at 2i and its value at 2i + 1, so a probe reads one cache line.
    private long[] slots;
    private int mask;
    private int size;

    MergeTable(int expectedSize) {
        allocate(Integer.highestOneBit(Math.max(16, expectedSize * 2 - 1)) << 1);
    }

    int size() {
        return size;
    }

    /** Adds the merge of (left, right) unless the pair already has one; returns whether it was added. */
    boolean add(int left, int right, int rank, int merged) {
        if ((size + 1) * 2 > mask + 1) grow();
        long key = key(left, right);
        int slot = slotOf(key);
        if (slots[2 * slot] == key) return false;
        slots[2 * slot] = key;
        slots[2 * slot + 1] = packedMerge(rank, merged);
        size++;
        return true;
    }

    /** The merge of (left, right) packed as rank in the high half and merged id in the low half, or NO_MERGE. */
    long lookup(int left, int right) {
        long key = key(left, right);
        for (int slot = spread(key) & mask; ; slot = (slot + 1) & mask) {
            long k = slots[2 * slot];
            if (k == key) return slots[2 * slot + 1];
            if (k == EMPTY) return NO_MERGE;
        }
    }

    static int rankOf(long merge) {
        return (int) (merge >>> 32);
    }

    static int mergedIdOf(long merge) {
        return (int) merge;
    }

    private static long packedMerge(int rank, int merged) {
        return ((long) rank << 32) | (merged & 0xFFFFFFFFL);
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    private static int spread(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 32);
    }

    private int slotOf(long key) {
        int slot = spread(key) & mask;
        while (slots[2 * slot] != EMPTY && slots[2 * slot] != key) slot = (slot + 1) & mask;
        return slot;
    }

    private void allocate(int capacity) {
        slots = new long[2 * capacity];
        Arrays.fill(slots, EMPTY);
        mask = capacity - 1;
    }

    private void grow() {
        long[] old = slots;
        allocate(2 * (mask + 1));
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] == EMPTY) continue;
            int slot = slotOf(old[i]);
            slots[2 * slot] = old[i];
            slots[2 * slot + 1] = old[i + 1];
        }
    }
}
