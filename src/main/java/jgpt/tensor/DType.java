package jgpt.tensor;

/** Element types: float32 for compute, int32 for token ids and targets. */
public enum DType {
    FLOAT32(4),
    INT32(4);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }
}
