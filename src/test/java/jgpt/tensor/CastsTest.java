package jgpt.tensor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Conversions on the CPU, which keeps float32 only (the bf16 cases run on the GPU: CudaBf16ActivationsTest). */
class CastsTest {
    @Test
    void aTensorOfTheRequestedTypeIsItself() {
        Tensor x = Tensor.of(new float[] {1, 2}, 2);
        assertThat(x.to(DType.FLOAT32)).isSameAs(x);
    }

    @Test
    void theCpuRefusesBf16WithOneSentence() {
        assertThatThrownBy(() -> Tensor.of(new float[] {1, 2}, 2).to(DType.BFLOAT16))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bfloat16");
    }

    @Test
    void integersAreNotConverted() {
        assertThatThrownBy(() -> Tensor.ofInts(new int[] {1, 2}, 2).to(DType.FLOAT32))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("to: converts between float32 and bfloat16, not int32 to float32");
    }
}
