package jgpt.tensor;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fused causal self-attention on the packed (B, T, 3C) projection against the ops it replaces. */
class CausalSelfAttentionTest {

    @ParameterizedTest
    @CsvSource({"1,1,1,1", "2,5,3,4", "1,17,4,16", "3,33,2,8", "2,64,12,8", "1,70,3,64"})
    void matchesSplitHeadsAttentionAndJoinForwardAndBackward(int b, int t, int heads, int d) {
        Random rng = new Random(t * 31L + heads);
        int c = heads * d;
        float[] values = Tensor.randn(rng, 1f, b, t, 3 * c).toFloatArray(), weights = Tensor.randn(rng, 1f, b, t, c).toFloatArray();
        Tensor fusedIn = Tensor.of(values, b, t, 3 * c).requiresGrad(true), composedIn = Tensor.of(values, b, t, 3 * c).requiresGrad(true);
        Tensor fused = Functional.causalSelfAttention(fusedIn, heads), composed = composition(composedIn, heads);
        assertThat(fused.shape()).isEqualTo(new int[] {b, t, c});
        assertClose("forward", fused.toFloatArray(), composed.toFloatArray());
        fused.mul(Tensor.of(weights, b, t, c)).sum().backward();
        composed.mul(Tensor.of(weights, b, t, c)).sum().backward();
        assertClose("dqkv", fusedIn.grad().toFloatArray(), composedIn.grad().toFloatArray());
    }

    @Test
    void takesAStridedViewAndSendsItsGradientBack() {
        Random rng = new Random(4);
        int b = 2, t = 9, heads = 3, d = 4, c = heads * d;
        float[] values = Tensor.randn(rng, 1f, b, t, 3 * c + 5).toFloatArray();
        Tensor wide = Tensor.of(values, b, t, 3 * c + 5).requiresGrad(true), reference = Tensor.of(values, b, t, 3 * c + 5).requiresGrad(true);
        Functional.causalSelfAttention(wide.slice(2, 5, 3 * c + 5), heads).sum().backward();
        composition(reference.slice(2, 5, 3 * c + 5), heads).sum().backward();
        float[] grad = wide.grad().toFloatArray();
        assertClose("gradient through a slice", grad, reference.grad().toFloatArray());
        for (int row = 0; row < b * t; row++) {
            for (int col = 0; col < 5; col++) assertThat(grad[row * (3 * c + 5) + col]).as("column left out of the slice").isZero();
        }
    }

    @Test
    void rejectsAWidthThatIsNotThreeTimesTheHeads() {
        Tensor qkv = Tensor.zeros(Device.CPU, DType.FLOAT32, 1, 4, 30);
        assertThatThrownBy(() -> Functional.causalSelfAttention(qkv, 4))
                .hasMessage("causalSelfAttention: qkv must be (B, T, 3C) with C a multiple of 4 heads, got [1,4,30]");
        assertThatThrownBy(() -> Functional.causalSelfAttention(qkv.reshape(4, 30), 1)).hasMessageContaining("must be (B, T, 3C)");
    }

    // split into q, k, v, heads apart (B, H, T, D), attention, heads joined: what MultiHeadAttention did before
    private static Tensor composition(Tensor qkv, int heads) {
        int b = qkv.dim(0), t = qkv.dim(1), c = qkv.dim(2) / 3, d = c / heads;
        List<Tensor> parts = Functional.split(qkv, -1, c, c, c);
        Tensor[] qkvHeads = parts.stream().map(p -> p.reshape(b, t, heads, d).transpose(1, 2)).toArray(Tensor[]::new);
        return Functional.causalAttention(qkvHeads[0], qkvHeads[1], qkvHeads[2]).transpose(1, 2).reshape(b, t, c);
    }

    private static void assertClose(String what, float[] actual, float[] expected) {
        assertThat(actual.length).as(what + " size").isEqualTo(expected.length);
        double scale = 1e-6;
        for (float e : expected) scale = Math.max(scale, Math.abs(e));
        for (int i = 0; i < actual.length; i++) {
            assertThat((double) Math.abs(actual[i] - expected[i])).as(what + " element " + i).isLessThan(1e-6 * scale);
        }
    }
}
