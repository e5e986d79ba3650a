package jgpt.backend.cuda;

/**
 * What cuBLASLt does to a product before storing it, and the vectors that involves. Its terms are column-major: D
 * (m, n) is a row-major C (n, m) (see {@link CublasGemm}), so a bias per row of D is a bias per column of C.
 *
 * @param kind a cublasLtEpilogue_t value
 * @param bias BIAS kinds: the bias (m) added to each column of D; BGRADB: where the bias gradient (n) is written, the
 *             sums over k of op(B) (k, n); 0 for none
 * @param aux  GELU_AUX kinds: where GELU's input is written, an (m, n) matrix with leading dimension m; 0 for none
 */
record Epilogue(int kind, long bias, long aux) {
    // cublasLtEpilogue_t, checked in cublasLt.h of CUDA 13 (cuBLAS 13.1): DEFAULT = 1, BIAS = 4, GELU = 32,
    // GELU_AUX = GELU | 128, GELU_BIAS = GELU | BIAS, GELU_AUX_BIAS = GELU_AUX | BIAS, BGRADB = 512
    static final int DEFAULT = 1, BIAS = 4, GELU = 32, AUX = 128, BGRADB = 512;
    /** The plain product. */
    static final Epilogue NONE = new Epilogue(DEFAULT, 0, 0);

    /** bias (0: none) added, then GELU when gelu, with GELU's input written to aux (0: not kept). */
    static Epilogue forward(long bias, boolean gelu, long aux) {
        int kind = (bias != 0 ? BIAS : 0) | (gelu ? GELU : 0) | (gelu && aux != 0 ? AUX : 0);
        return kind == 0 ? NONE : new Epilogue(kind, bias, gelu ? aux : 0);
    }

    /** The bias gradient, the sums over k of op(B), written to dbias. */
    static Epilogue biasGradient(long dbias) {
        return new Epilogue(BGRADB, dbias, 0);
    }

    /**
     * Whether cuBLASLt can take these vectors for a D of rowsD rows: each on a 256-byte boundary, as every call of a
     * tuned key then is (its algorithm was chosen for the alignment the heuristic saw), and GELU's input with a leading
     * dimension that is a multiple of 8, as cublasLt.h asks of EPILOGUE_AUX_LD.
     */
    boolean fits(int rowsD) {
        boolean biasFits = bias == 0 || GemmKey.alignment(bias) == GemmKey.MAX_ALIGNMENT;
        boolean auxFits = aux == 0 || (GemmKey.alignment(aux) == GemmKey.MAX_ALIGNMENT && rowsD % 8 == 0);
        return biasFits && auxFits;
    }

    boolean isNone() {
        return kind == DEFAULT;
    }
}
