package jgpt.tensor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The backward pass releases spent gradients' buffers at once; the CPU backend then refuses any use of them, so a
 * buffer released while something still reads it fails here. These graphs share gradient buffers between tensors
 * (an add hands one gradient to both inputs, a reshape passes a view on) and between leaves.
 */
class GradientReleaseTest {
    @Test
    void aReleasedBufferRefusesToBeUsedAgain() {
        Tensor t = Tensor.of(new float[] {1, 2}, 2);
        t.backend().release(t.storage());
        assertThatThrownBy(t::toFloatArray).isInstanceOf(IllegalStateException.class).hasMessageContaining("released");
    }

    @Test
    void gradientsSharedByAnAddAndItsViewsStayUntilEveryUserHasThem() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
        Tensor w = Tensor.of(new float[] {2, 2, 2, 2, 2, 2}, 3, 2).requiresGrad(true);
        Tensor y = x.add(x).reshape(3, 2).add(w).mul(w);   // x reaches the sum twice, w twice
        y.sum().backward();
        // d/dx = 2 w (as laid out by the reshape), d/dw = (2x reshaped + w) + w
        assertThat(x.grad().toFloatArray()).containsExactly(4, 4, 4, 4, 4, 4);
        assertThat(w.grad().toFloatArray()).containsExactly(6, 8, 10, 12, 14, 16);
    }

    @Test
    void aSecondPassAddsIntoTheLeavesItsFirstPassGaveBuffers() {
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true);
        for (int pass = 0; pass < 2; pass++) x.scale(3f).add(x).sum().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(8, 8, 8);
    }
}
