package jgpt.tensor;

/**
 * Element types: float32 for compute, int32 for token ids and targets, and bfloat16 for activations on a GPU in bf16
 * precision ({@link Backend#activationType}) and the GPU backend's own copies of GEMM operands. The CPU backend
 * refuses bfloat16.
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
