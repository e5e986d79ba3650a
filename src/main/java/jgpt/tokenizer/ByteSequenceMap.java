package jgpt.tokenizer;

import java.util.Arrays;

/**
 * An open-addressing hash map from byte sequences to non-negative ints. Keys are copied into one
 * growing byte pool, and lookups read a slice of a caller's buffer, so a lookup allocates nothing.
 * Not thread-safe for writes; concurrent reads of a map that is no longer written are safe.
 */
final class ByteSequenceMap {
    static final int ABSENT = -1;

    // Four ints per slot: hash, key offset in the pool, key length, value (ABSENT when the slot is empty).
    private int[] slots;
    private int mask;
    private int size;
    private byte[] pool;
    private int poolSize;

    ByteSequenceMap(int expectedSize) {
        int capacity = Integer.highestOneBit(Math.max(16, expectedSize * 2 - 1)) << 1;
        allocate(capacity);
        pool = new byte[Math.max(64, expectedSize * 8)];
    }

    /** The hash that {@link #get} and {@link #put} expect for {@code bytes[offset, offset + length)}. */
    static int hash(byte[] bytes, int offset, int length) {
        int h = 0x811C9DC5;
        for (int i = offset, end = offset + length; i < end; i++) {
            h = (h ^ bytes[i]) * 0x01000193;
        }
        return h ^ (h >>> 15);
    }

    int size() {
        return size;
    }

    int get(byte[] key) {
        return get(key, 0, key.length, hash(key, 0, key.length));
    }

    /** The value stored for the key {@code bytes[offset, offset + length)} whose hash is given, or ABSENT. */
    int get(byte[] bytes, int offset, int length, int hash) {
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            int base = slot << 2;
            int value = slots[base + 3];
            if (value == ABSENT) return ABSENT;
            if (slots[base] == hash && slots[base + 2] == length
                    && Arrays.equals(pool, slots[base + 1], slots[base + 1] + length, bytes, offset, offset + length)) {
                return value;
            }
        }
    }

    void put(byte[] key, int value) {
        put(key, 0, key.length, hash(key, 0, key.length), value);
    }

    /** Stores value (>= 0) for the key, replacing any value it had. */
    void put(byte[] bytes, int offset, int length, int hash, int value) {
        if (value < 0) throw new IllegalArgumentException("values must be non-negative, got " + value);
        if ((size + 1) * 2 > slots.length / 4) rehash();
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            int base = slot << 2;
            if (slots[base + 3] == ABSENT) {
                slots[base] = hash;
                slots[base + 1] = appendToPool(bytes, offset, length);
                slots[base + 2] = length;
                slots[base + 3] = value;
                size++;
                return;
            }
            if (slots[base] == hash && slots[base + 2] == length
                    && Arrays.equals(pool, slots[base + 1], slots[base + 1] + length, bytes, offset, offset + length)) {
                slots[base + 3] = value;
                return;
            }
        }
    }

    void clear() {
        Arrays.fill(slots, ABSENT);
        size = 0;
        poolSize = 0;
    }

    private int appendToPool(byte[] bytes, int offset, int length) {
        if (poolSize + length > pool.length) {
            pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolSize + length));
        }
        System.arraycopy(bytes, offset, pool, poolSize, length);
        int at = poolSize;
        poolSize += length;
        return at;
    }

    private void allocate(int capacity) {
        slots = new int[capacity * 4];
        Arrays.fill(slots, ABSENT);
        mask = capacity - 1;
    }

    private void rehash() {
        int[] old = slots;
        allocate(old.length / 2);
        for (int base = 0; base < old.length; base += 4) {
            if (old[base + 3] == ABSENT) continue;
            int slot = old[base] & mask;
            while (slots[(slot << 2) + 3] != ABSENT) slot = (slot + 1) & mask;
            System.arraycopy(old, base, slots, slot << 2, 4);
        }
    }
}
