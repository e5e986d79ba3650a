package jgpt.data;

/**
 * Input/target windows over a token sequence, like the book's GPTDatasetV1: window i holds the ids
 * [i*stride, i*stride + maxLength) as input and the same span shifted by one as target.
 */
public final class SlidingWindowDataset {
    private final TokenSequence tokens;
    private final int maxLength;
    private final int stride;
    private final int size;

    public SlidingWindowDataset(TokenSequence tokens, int maxLength, int stride) {
        if (maxLength < 2) throw new IllegalArgumentException("the context length must be at least 2, got " + maxLength);
        if (stride < 1) throw new IllegalArgumentException("the stride must be at least 1, got " + stride);
        this.tokens = tokens;
        this.maxLength = maxLength;
        this.stride = stride;
        // the book's range(0, len - maxLength, stride): every start whose target window fits
        long spare = tokens.length() - maxLength - 1;
        long windows = spare < 0 ? 0 : spare / stride + 1;
        if (windows > Integer.MAX_VALUE) throw new IllegalArgumentException(windows + " windows are too many; use a larger stride");
        this.size = (int) windows;
    }

    /** Number of windows. */
    public int size() {
        return size;
    }

    public int maxLength() {
        return maxLength;
    }

    /** Writes window index's input ids into inputs[offset..] and its target ids into targets[offset..]. */
    public void window(int index, int[] inputs, int[] targets, int offset) {
        if (index < 0 || index >= size) throw new IndexOutOfBoundsException("window " + index + " of " + size);
        int[] span = new int[maxLength + 1];
        tokens.read((long) index * stride, span, 0, span.length);
        System.arraycopy(span, 0, inputs, offset, maxLength);
        System.arraycopy(span, 1, targets, offset, maxLength);
    }
}
