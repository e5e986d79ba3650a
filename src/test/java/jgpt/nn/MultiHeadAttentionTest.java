package jgpt.nn;

import java.util.Arrays;
import java.util.Random;
import java.util.function.UnaryOperator;
import jgpt.tensor.AttentionDropout;
import jgpt.tensor.Functional;
import jgpt.tensor.Tensor;
import jgpt.testing.NaiveGpt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

class MultiHeadAttentionTest {

    private static MultiHeadAttention attention(int c, int heads, float dropRate, Random rng) {
        return new MultiHeadAttention(new Linear(c, 3 * c, true, rng), new Linear(c, c, true, rng), heads, dropRate, 7);
    }

    private static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        return d;
    }

    @ParameterizedTest
    @CsvSource({"1,1,4,1", "2,7,12,3", "3,5,10,5", "1,9,6,6"})
    void forwardMatchesNaiveDoubleAttention(int b, int t, int c, int heads) {
        Random rng = new Random(b * 100 + t);
        MultiHeadAttention mha = attention(c, heads, 0f, rng);
        Tensor x = Tensor.randn(rng, 1f, b, t, c);
        float[] out = mha.forward(x).toFloatArray();
        float[] xs = x.toFloatArray();
        var p = mha.stateDict();
        for (int s = 0; s < b; s++) {
            double[] xb = toDouble(Arrays.copyOfRange(xs, s * t * c, (s + 1) * t * c));
            double[] qkv = NaiveGpt.linear(xb, p.get("qkv.weight").toFloatArray(), p.get("qkv.bias").toFloatArray(), c, 3 * c);
            double[] expected = NaiveGpt.linear(NaiveGpt.attention(qkv, t, c, heads),
                    p.get("proj.weight").toFloatArray(), p.get("proj.bias").toFloatArray(), c, c);
            float[] actual = Arrays.copyOfRange(out, s * t * c, (s + 1) * t * c);
            assertThat(NaiveGpt.maxAbsDiff(actual, expected)).as("sequence " + s).isLessThan(1e-5);
        }
    }

    @ParameterizedTest
    @CsvSource({"1,1,1,3", "2,3,7,4", "1,2,33,16"})
    void explicitPathMatchesFusedKernelForwardAndBackward(int b, int h, int t, int d) {
        Random rng = new Random(t);
        Tensor[] fused = qkvLeaves(rng, b, h, t, d), explicit = copies(fused);
        Tensor weights = Tensor.randn(rng, 1f, b, h, t, d);
        Tensor outFused = Functional.causalAttention(fused[0], fused[1], fused[2]);
        Tensor outExplicit = explicitAttention(explicit[0], explicit[1], explicit[2], w -> w);
        assertClose("forward", outExplicit.toFloatArray(), outFused.toFloatArray());
        outFused.mul(weights).sum().backward();
        outExplicit.mul(weights).sum().backward();
        for (int i = 0; i < 3; i++) {
            assertClose("gradient of " + "qkv".charAt(i), explicit[i].grad().toFloatArray(), fused[i].grad().toFloatArray());
        }
    }

    // the fused kernel drops exactly the weights the explicit path drops with Functional.dropout's mask of the same seed
    @ParameterizedTest
    @CsvSource({"1,1,1,3", "2,3,7,4", "1,2,33,16", "2,2,70,8"})
    void fusedDropoutMatchesTheExplicitPathForwardAndBackward(int b, int h, int t, int d) {
        Random rng = new Random(40 + t);
        float p = 0.3f;
        long seed = 1234 + t;
        Tensor packed = Tensor.randn(rng, 1f, b, t, 3 * h * d).requiresGrad(true);
        Tensor copy = Tensor.of(packed.toFloatArray(), packed.shape()).requiresGrad(true);
        Tensor weights = Tensor.randn(rng, 1f, b, t, h * d);
        Tensor fused = Functional.causalSelfAttention(packed, h, new AttentionDropout(p, seed));
        Tensor[] heads = splitHeads(copy, h);
        Tensor explicit = explicitAttention(heads[0], heads[1], heads[2], w -> Functional.dropout(w, p, seed)).transpose(1, 2).reshape(b, t, h * d);
        assertClose("forward", fused.toFloatArray(), explicit.toFloatArray());
        fused.mul(weights).sum().backward();
        explicit.mul(weights).sum().backward();
        assertClose("gradient of qkv", packed.grad().toFloatArray(), copy.grad().toFloatArray());
    }

    @Test
    void fusedDropoutMatchesTheNaiveReferenceWithTheSameMask() {
        int b = 2, h = 3, t = 6, d = 4, c = h * d;
        float p = 0.3f;
        long seed = 99;
        Tensor packed = Tensor.randn(new Random(5), 1f, b, t, 3 * c);
        float[] out = Functional.causalSelfAttention(packed, h, new AttentionDropout(p, seed)).toFloatArray();   // (B, T, C)
        float[] mask = Functional.dropout(Tensor.full(1f, b, h, t, t), p, seed).toFloatArray();
        float[] values = packed.toFloatArray();
        for (int s = 0; s < b; s++) {
            double[] sequence = toDouble(Arrays.copyOfRange(values, s * t * 3 * c, (s + 1) * t * 3 * c));
            double[] maskOfSequence = toDouble(Arrays.copyOfRange(mask, s * h * t * t, (s + 1) * h * t * t));
            float[] actual = Arrays.copyOfRange(out, s * t * c, (s + 1) * t * c);
            assertThat(NaiveGpt.maxAbsDiff(actual, NaiveGpt.attention(sequence, t, c, h, maskOfSequence))).as("sequence " + s).isLessThan(1e-5);
        }
    }

    @Test
    void attentionDropoutDrawsTheMasksOfTheLayersOwnForwardPass() {
        Dropout tensors = new Dropout(0.4f, 11), kernels = new Dropout(0.4f, 11);
        Tensor ones = Tensor.full(1f, 3, 50);
        for (int call = 0; call < 3; call++) {
            AttentionDropout drawn = kernels.forAttention();
            assertThat(drawn.p()).isEqualTo(0.4f);
            assertThat(tensors.forward(ones).toFloatArray()).as("call " + call).isEqualTo(Functional.dropout(ones, 0.4f, drawn.seed()).toFloatArray());
        }
        assertThat(kernels.calls()).isEqualTo(tensors.calls());
        kernels.eval();
        assertThat(kernels.forAttention()).isEqualTo(AttentionDropout.NONE);
    }

    @Test
    void dropoutActsOnlyWhileTrainingAndStaysCausal() {
        Random rng = new Random(3);
        MultiHeadAttention mha = attention(8, 2, 0.5f, rng);
        Tensor x = Tensor.randn(rng, 1f, 1, 5, 8);
        mha.eval();
        float[] inEval = mha.forward(x).toFloatArray();
        mha.train();
        float[] first = mha.forward(x).toFloatArray(), second = mha.forward(x).toFloatArray();
        assertThat(first).isNotEqualTo(inEval);
        assertThat(first).as("a fresh mask per call").isNotEqualTo(second);
        mha.eval();
        assertThat(mha.forward(x).toFloatArray()).isEqualTo(inEval);

        mha.train();
        Tensor leaf = Tensor.of(x.toFloatArray(), x.shape()).requiresGrad(true);
        mha.forward(leaf).sum().backward();
        for (float g : leaf.grad().toFloatArray()) assertThat(Float.isFinite(g)).isTrue();
    }

    @Test
    void rejectsWidthsThatDoNotSplitIntoHeads() {
        Random rng = new Random(1);
        assertThatThrownBy(() -> attention(10, 3, 0f, rng)).hasMessageContaining("10 channels do not split into 3 heads");
    }

    // the book's explicit attention on q, k, v (B, H, T, D): scores, causal mask, softmax, dropWeights, weighted values
    private static Tensor explicitAttention(Tensor q, Tensor k, Tensor v, UnaryOperator<Tensor> dropWeights) {
        int t = q.dim(2);
        float[] mask = new float[t * t];
        for (int i = 0; i < t; i++) Arrays.fill(mask, i * t + i + 1, (i + 1) * t, Float.NEGATIVE_INFINITY);
        Tensor scores = q.matmul(k.transpose(-1, -2)).scale((float) (1.0 / Math.sqrt(q.dim(3))));   // (B, H, T, T)
        return dropWeights.apply(Functional.softmax(scores.add(Tensor.of(mask, t, t)))).matmul(v);
    }

    // qkv (B, T, 3C) -> q, k, v (B, H, T, D)
    private static Tensor[] splitHeads(Tensor qkv, int h) {
        int b = qkv.dim(0), t = qkv.dim(1), c = qkv.dim(2) / 3;
        return Functional.split(qkv, -1, c, c, c).stream().map(x -> x.reshape(b, t, h, c / h).transpose(1, 2)).toArray(Tensor[]::new);
    }

    private static Tensor[] qkvLeaves(Random rng, int b, int h, int t, int d) {
        return new Tensor[] {Tensor.randn(rng, 1f, b, h, t, d).requiresGrad(true), Tensor.randn(rng, 1f, b, h, t, d).requiresGrad(true),
                Tensor.randn(rng, 1f, b, h, t, d).requiresGrad(true)};
    }

    private static Tensor[] copies(Tensor[] ts) {
        Tensor[] out = new Tensor[ts.length];
        for (int i = 0; i < ts.length; i++) out[i] = Tensor.of(ts[i].toFloatArray(), ts[i].shape()).requiresGrad(true);
        return out;
    }

    private static void assertClose(String what, float[] actual, float[] expected) {
        double max = 0, scale = 1e-6;
        for (int i = 0; i < actual.length; i++) {
            max = Math.max(max, Math.abs(actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        assertThat(max / scale).as(what + " max difference relative to the largest value").isLessThan(1e-5);
    }
}
