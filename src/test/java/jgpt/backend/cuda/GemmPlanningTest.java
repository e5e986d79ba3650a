package jgpt.backend.cuda;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** GEMM keys and the padding policy: plain Java, runs without a GPU. */
class GemmPlanningTest {
    private static final GemmPadding PAD_64 = new GemmPadding(64, 1e10);

    @Test
    void alignmentIsTheLargestPowerOfTwoDividingTheAddressUpTo256() {
        assertThat(GemmKey.alignment(0x7f0000000000L)).isEqualTo(256);
        assertThat(GemmKey.alignment(0x7f0000000000L + 4)).isEqualTo(4);
        assertThat(GemmKey.alignment(0x7f0000000000L + 48)).isEqualTo(16);
        assertThat(GemmKey.alignment(0x7f0000000000L + 128)).isEqualTo(128);
        assertThat(GemmKey.alignment(0)).isEqualTo(256);
    }

    @Test
    void keysOfTheSameCallAreEqualAndDifferInAlignment() {
        GemmKey qkv = key(Cublas.OP_T, 2304, 16384, 768, 256);
        assertThat(qkv).isEqualTo(key(Cublas.OP_T, 2304, 16384, 768, 256)).hasSameHashCodeAs(key(Cublas.OP_T, 2304, 16384, 768, 256));
        assertThat(qkv).isNotEqualTo(key(Cublas.OP_T, 2304, 16384, 768, 4));
        assertThat(qkv.flops()).isEqualTo(2.0 * 2304 * 16384 * 768);
        assertThat(qkv.shape()).isEqualTo("2304x16384x768");
    }

    @Test
    void theEpilogueIsPartOfTheKeySoBiasedProductsAreTunedApart() {
        GemmKey fc = key(Cublas.OP_T, 3072, 16384, 768, 256);
        GemmKey fused = fc.withEpilogue(Epilogue.forward(0x7f0000000000L, true, 0x7f0000100000L).kind());
        assertThat(fused).isNotEqualTo(fc);
        assertThat(fused.withEpilogue(Epilogue.DEFAULT)).isEqualTo(fc).hasSameHashCodeAs(fc);
    }

    @Test
    void epilogueKindsAreCublasLtsValues() {
        long bias = 0x7f0000000000L, aux = 0x7f0000200000L;
        // cublasLt.h: DEFAULT 1, BIAS 4, GELU 32, GELU_BIAS 36, GELU_AUX 160, GELU_AUX_BIAS 164, BGRADB 512
        assertThat(Epilogue.forward(0, false, 0)).isSameAs(Epilogue.NONE);
        assertThat(Epilogue.NONE.kind()).isEqualTo(1);
        assertThat(Epilogue.forward(bias, false, 0).kind()).isEqualTo(4);
        assertThat(Epilogue.forward(0, true, 0).kind()).isEqualTo(32);
        assertThat(Epilogue.forward(bias, true, 0).kind()).isEqualTo(36);
        assertThat(Epilogue.forward(0, true, aux).kind()).isEqualTo(160);
        assertThat(Epilogue.forward(bias, true, aux)).isEqualTo(new Epilogue(164, bias, aux));
        assertThat(Epilogue.forward(bias, false, aux)).isEqualTo(new Epilogue(4, bias, 0));  // no GELU, nothing to keep
        assertThat(Epilogue.biasGradient(bias).kind()).isEqualTo(512);
    }

    @Test
    void epilogueVectorsMustBeAlignedAndGeluInputRowsAMultipleOfEight() {
        long aligned = 0x7f0000000000L;
        assertThat(Epilogue.forward(aligned, true, aligned + 4096).fits(3072)).isTrue();
        assertThat(Epilogue.forward(aligned + 16, false, 0).fits(3072)).isFalse();
        assertThat(Epilogue.forward(aligned, true, aligned + 4096).fits(37)).isFalse();
        assertThat(Epilogue.forward(aligned, false, 0).fits(37)).isTrue();
        assertThat(Epilogue.biasGradient(aligned + 4).fits(768)).isFalse();
    }

    @Test
    void storedOperandShapesFollowTheTransposes() {
        // column-major op(A) (m, k): A stored (k, m) when transposed
        GemmKey key = new GemmKey(Cublas.OP_T, Cublas.OP_N, 5, 7, 3, 3, 0, 3, 21, 5, 35, 2, Cublas.R_16BF, Cublas.R_32F,
                Cublas.COMPUTE_32F, 256, 256, 256, Epilogue.DEFAULT);
        assertThat(new int[] {key.rowsA(), key.colsA(), key.rowsB(), key.colsB()}).containsExactly(3, 5, 3, 7);
        // C: 2 matrices of 7 columns of leading dimension 5, 35 apart
        assertThat(key.extentC()).isEqualTo(35 + 6 * 5 + 5);
    }

    @Test
    void theOutputHeadAtVocabulary50257IsPaddedToAMultipleOf64() {
        // logits (16384, 50257) = x (16384, 768) W^T
        assertThat(PAD_64.of(16384, 50257, 768, 1)).isEqualTo(new GemmPadding.Dims(16384, 50304, 768));
        // dx = dlogits W: k = 50257
        assertThat(PAD_64.of(16384, 768, 50257, 1)).isEqualTo(new GemmPadding.Dims(16384, 768, 50304));
        // dW = dlogits^T x: m = 50257
        GemmPadding.Dims dw = PAD_64.of(50257, 768, 16384, 1);
        assertThat(dw).isEqualTo(new GemmPadding.Dims(50304, 768, 16384));
        assertThat(dw.padsOutput(new GemmPadding.Dims(50257, 768, 16384))).isTrue();
        assertThat(new GemmPadding.Dims(16384, 768, 50304).padsOutput(new GemmPadding.Dims(16384, 768, 50257))).isFalse();
    }

    @Test
    void alignedSmallOrDisabledProductsAreLeftAlone() {
        assertThat(PAD_64.of(16384, 2304, 768, 1)).isEqualTo(new GemmPadding.Dims(16384, 2304, 768));
        assertThat(PAD_64.of(100, 50257, 768, 1)).isEqualTo(new GemmPadding.Dims(100, 50257, 768));  // 7.7 GFLOP
        assertThat(new GemmPadding(0, 0).of(16384, 50257, 768, 1)).isEqualTo(new GemmPadding.Dims(16384, 50257, 768));
        assertThat(new GemmPadding(8, 0).of(3, 50257, 13, 2)).isEqualTo(new GemmPadding.Dims(8, 50264, 16));
    }

    @Test
    void packedRowsAreMultiplesOfEightAndBadSettingsSayWhy() {
        assertThat(GemmPadding.rowLength(50257)).isEqualTo(50264);
        assertThat(GemmPadding.rowLength(768)).isEqualTo(768);
        assertThatThrownBy(() -> new GemmPadding(12, 0)).hasMessage("JGPT_GEMM_PAD must be 0 (off) or a multiple of 8, got 12");
    }

    private static GemmKey key(int opA, int m, int n, int k, int alignC) {
        return new GemmKey(opA, Cublas.OP_N, m, n, k, k, 0, k, 0, m, 0, 1, Cublas.R_16BF, Cublas.R_32F, Cublas.COMPUTE_32F,
                256, 256, alignC, Epilogue.DEFAULT);
    }
}
