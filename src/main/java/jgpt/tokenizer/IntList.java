package jgpt.tokenizer;

import java.util.Arrays;

/** A growable list of ints, for token ids on their way into an int[]. */
final class IntList {
    private int[] values;
    private int size;

    IntList(int capacity) {
        values = new int[Math.max(8, capacity)];
    }

    void add(int value) {
        if (size == values.length) values = Arrays.copyOf(values, size * 2);
        values[size++] = value;
    }

    void addAll(int[] source, int from, int to) {
        int count = to - from;
        if (size + count > values.length) values = Arrays.copyOf(values, Math.max(size * 2, size + count));
        System.arraycopy(source, from, values, size, count);
        size += count;
    }

    int get(int index) {
        return values[index];
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    /** The backing array; only its first {@link #size()} values are the list. */
    int[] values() {
        return values;
    }

    int[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
