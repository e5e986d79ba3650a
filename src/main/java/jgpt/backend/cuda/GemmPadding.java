package jgpt.backend.cuda;

/**
 * When a large bf16 GEMM has a dimension that is not a multiple of 8, cuBLAS falls off its fast kernels: torch.matmul
 * takes 13.3 ms for GPT-2's output head at a vocabulary of 50257 against 1.9 ms at 50304 on an H200. Such a GEMM is
 * run on operands packed with zeros up to padded sizes (a multiple of {@code multiple}); zero rows and columns
 * add nothing to the product, and a padded output is written to a scratch block and copied out.
 *
 * @param multiple padded sizes are multiples of this; 0 turns padding off
 * @param minFlops GEMMs smaller than this run unpadded (the copies would cost more than they save)
 */
record GemmPadding(int multiple, double minFlops) {
    /** Dimensions that are multiples of this already run on the fast kernels. */
    static final int ALIGNED = 8;
    private static final int DEFAULT_MULTIPLE = 64;
    private static final double DEFAULT_MIN_FLOPS = 1e10;

    GemmPadding {
        if (multiple < 0 || (multiple > 0 && multiple % ALIGNED != 0)) {
            throw new IllegalArgumentException("JGPT_GEMM_PAD must be 0 (off) or a multiple of 8, got " + multiple);
        }
    }

    /** From the environment: JGPT_GEMM_PAD (default 64; 0 turns padding off). */
    static GemmPadding fromEnvironment() {
        String value = System.getenv("JGPT_GEMM_PAD");
        try {
            return new GemmPadding(value == null ? DEFAULT_MULTIPLE : Integer.parseInt(value.strip()), DEFAULT_MIN_FLOPS);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("JGPT_GEMM_PAD must be a whole number, got '" + value + "'");
        }
    }

    /** The sizes to run a row-major (m, k) x (k, n) product of batch matrices at: padded, or as they are. */
    Dims of(int m, int n, int k, int batch) {
        Dims dims = new Dims(m, n, k);
        if (multiple == 0 || 2.0 * m * n * k * batch < minFlops) return dims;
        return new Dims(padded(m), padded(n), padded(k));
    }

    /** Elements per row of a packed bf16 operand with cols columns: a multiple of 8, 16 bytes. */
    static int rowLength(int cols) {
        return Math.ceilDiv(cols, ALIGNED) * ALIGNED;
    }

    /** size, or the next multiple of {@code multiple} when size is not a multiple of 8; needs padding on. */
    int padded(int size) {
        return size % ALIGNED == 0 ? size : Math.ceilDiv(size, multiple) * multiple;
    }

    /** Row-major product sizes: C (m, n) = A (m, k) B (k, n). */
    record Dims(int m, int n, int k) {
        boolean padsOutput(Dims original) {
            return m != original.m() || n != original.n();
        }
    }
}
