package jgpt.tensor;

import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tape semantics: accumulation, no-grad scopes, detach, shared inputs, and error messages. */
class AutogradTest {

    @Test
    void gradientsAccumulateAcrossBackwardCallsUntilZeroed() {
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true);
        x.mul(x).sum().backward();
        x.mul(x).sum().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(4, 8, 12);
        x.zeroGrad();
        x.scale(3).sum().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(3, 3, 3);
    }

    @Test
    void leavesThatShareOneUpstreamGradientAccumulateIndependently() {
        // a + b hands the same gradient to both leaves; each must own its .grad, or the second pass adds twice
        Tensor a = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true), b = Tensor.of(new float[] {5, 7}, 2).requiresGrad(true);
        a.add(b).scale(3).sum().backward();
        a.add(b).scale(3).sum().backward();
        assertThat(a.grad().toFloatArray()).containsExactly(6, 6);
        assertThat(b.grad().toFloatArray()).containsExactly(6, 6);
        InPlace.scale(a.grad(), 0.5f);
        assertThat(b.grad().toFloatArray()).containsExactly(6, 6);
    }

    @Test
    void aTensorUsedTwiceGetsBothContributions() {
        Tensor x = Tensor.of(new float[] {2}, 1).requiresGrad(true);
        Tensor y = x.mul(x).add(x);          // x^2 + x
        y.mul(y).sum().backward();           // d/dx (x^2+x)^2 = 2 (x^2+x)(2x+1) = 2*6*5
        assertThat(x.grad().item()).isEqualTo(60f);
    }

    @Test
    void noGradScopeRecordsNothing() {
        Tensor x = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        Tensor y;
        try (var ignored = Tensor.noGrad()) {
            y = x.mul(x).sum();
        }
        assertThat(y.requiresGrad()).isFalse();
        assertThat(x.mul(x).sum().requiresGrad()).isTrue();
    }

    @Test
    void detachStopsGradients() {
        Tensor x = Tensor.of(new float[] {3}, 1).requiresGrad(true);
        x.mul(x.detach()).sum().backward();
        assertThat(x.grad().item()).isEqualTo(3f);
    }

    @Test
    void backwardNeedsAScalar() {
        Tensor x = Tensor.zeros(2, 3).requiresGrad(true);
        assertThatThrownBy(() -> x.scale(2).backward()).hasMessageContaining("backward").hasMessageContaining("[2,3]")
                .hasMessageContaining("scalar");
    }

    @Test
    void shapeAndDtypeErrorsNameTheOpAndBothShapes() {
        Tensor a = Tensor.zeros(2, 3), b = Tensor.zeros(4, 5);
        assertThatThrownBy(() -> a.matmul(b)).hasMessageContaining("matmul").hasMessageContaining("[2,3]").hasMessageContaining("[4,5]");
        assertThatThrownBy(() -> a.add(Tensor.zeros(2, 4))).hasMessageContaining("add").hasMessageContaining("[2,3]").hasMessageContaining("[2,4]");
        assertThatThrownBy(() -> a.add(Tensor.ofInts(new int[] {1, 2, 3}, 3))).hasMessageContaining("add").hasMessageContaining("int32");
        assertThatThrownBy(() -> a.reshape(4, 2)).hasMessageContaining("reshape").hasMessageContaining("[2,3]").hasMessageContaining("[4,2]");
        assertThatThrownBy(() -> Functional.embedding(Tensor.ofInts(new int[] {9}, 1), Tensor.zeros(4, 2)))
                .hasMessageContaining("embedding").hasMessageContaining("9");
        assertThatThrownBy(() -> Functional.crossEntropy(Tensor.zeros(3, 5), Tensor.ofInts(new int[] {1, 2}, 2)))
                .hasMessageContaining("crossEntropy").hasMessageContaining("[3,5]").hasMessageContaining("[2]");
        assertThatThrownBy(() -> Functional.layerNorm(a, Tensor.zeros(2), Tensor.zeros(3), 1e-5f))
                .hasMessageContaining("layerNorm").hasMessageContaining("[2,3]").hasMessageContaining("[2]");
    }

    @Test
    void viewsShareStorageAndSlicesReadTheRightElements() {
        Tensor x = Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 2, 3);
        assertThat(x.transpose(0, 1).contiguous().toFloatArray()).containsExactly(0, 3, 1, 4, 2, 5);
        assertThat(x.slice(1, 1, 3).toFloatArray()).containsExactly(1, 2, 4, 5);
        assertThat(x.slice(0, 1, 2).reshape(3).toFloatArray()).containsExactly(3, 4, 5);
        assertThat(x.reshape(3, -1).shape()).containsExactly(3, 2);
    }

    @Test
    void dropoutMaskDependsOnlyOnTheSeed() {
        Tensor x = Tensor.randn(new Random(1), 1f, 4096);
        float[] a = Functional.dropout(x, 0.3f, 99).toFloatArray();
        float[] b = Functional.dropout(x, 0.3f, 99).toFloatArray();
        float[] c = Functional.dropout(x, 0.3f, 100).toFloatArray();
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
        float[] xs = x.toFloatArray();
        int dropped = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == 0) dropped++;
            else assertThat(a[i]).isEqualTo(xs[i] / 0.7f, org.assertj.core.api.Assertions.within(1e-6f));
        }
        assertThat(dropped / 4096.0).isBetween(0.27, 0.33);
        Tensor leaf = x.requiresGrad(true);
        Functional.dropout(leaf, 0.3f, 99).sum().backward();
        float[] g = leaf.grad().toFloatArray();
        for (int i = 0; i < g.length; i++) assertThat(g[i]).isEqualTo(a[i] == 0 ? 0f : 1f / 0.7f, org.assertj.core.api.Assertions.within(1e-6f));
    }
}
