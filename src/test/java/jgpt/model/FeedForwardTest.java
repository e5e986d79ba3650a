package jgpt.model;

import java.util.Map;
import java.util.Random;
import jgpt.tensor.Device;
import jgpt.tensor.Functional;
import jgpt.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The feed-forward block with its fused expansion (linear + GELU as one op) against the separate ops it replaced. */
class FeedForwardTest {
    private static final double TOLERANCE = 1e-6;

    @Test
    void fusedExpansionGivesTheOutputsAndGradientsOfSeparateLinearGeluLinear() {
        // PyTorch's initialisation: biases are not zero, so a lost bias would show
        FeedForward ff = new FeedForward(GPTModelTest.SMALL, WeightInit.of(Initialization.PYTORCH, GPTModelTest.SMALL, 3, Device.CPU));
        Map<String, Tensor> params = ff.stateDict();
        assertThat(params.keySet()).containsExactly("fc.weight", "fc.bias", "proj.weight", "proj.bias");
        Map<String, Tensor> plain = new java.util.LinkedHashMap<>();
        params.forEach((name, t) -> plain.put(name, Tensor.of(t.toFloatArray(), t.shape()).requiresGrad(true)));
        Random rng = new Random(9);
        Tensor x = Tensor.randn(rng, 1, 2, 5, GPTModelTest.SMALL.embDim()).requiresGrad(true);
        Tensor xPlain = Tensor.of(x.toFloatArray(), x.shape()).requiresGrad(true);

        Tensor y = ff.forward(x);
        Tensor hidden = Functional.gelu(xPlain.matmul(plain.get("fc.weight").transpose(0, 1)).add(plain.get("fc.bias")));
        Tensor expected = hidden.matmul(plain.get("proj.weight").transpose(0, 1)).add(plain.get("proj.bias"));
        assertClose("output", y, expected);

        Tensor weights = Tensor.randn(rng, 1, y.shape());
        y.mul(weights).sum().backward();
        expected.mul(weights).sum().backward();
        assertClose("input gradient", x.grad(), xPlain.grad());
        params.forEach((name, t) -> assertClose(name + " gradient", t.grad(), plain.get(name).grad()));
    }

    private static void assertClose(String what, Tensor actual, Tensor expected) {
        float[] a = actual.toFloatArray(), e = expected.toFloatArray();
        assertThat(a).as(what + " size").hasSameSizeAs(e);
        double diff = 0, norm = 0;
        for (int i = 0; i < a.length; i++) {
            diff += ((double) a[i] - e[i]) * ((double) a[i] - e[i]);
            norm += (double) e[i] * e[i];
        }
        assertThat(Math.sqrt(diff) / Math.sqrt(norm)).as(what + " relative norm error").isLessThan(TOLERANCE);
    }
}
