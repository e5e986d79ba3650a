package jgpt.tensor;

/**
 * Element types: float32 for compute, int32 for token ids and targets. BFLOAT16 holds only a GPU backend's own copies
 * of GEMM operands (see {@link Backend#linearForward}); tensors are never of it, and the CPU backend refuses it.
 */
public enum DType {
    FLOAT32(4),
    INT32(4),
    BFLOAT16(2);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }
}
