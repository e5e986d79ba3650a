package jgpt.generate;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SamplerTest {

    private static float[] randomLogits(long seed, int n) {
        Random rng = new Random(seed);
        float[] logits = new float[n];
        for (int i = 0; i < n; i++) logits[i] = (float) (rng.nextGaussian() * 3);
        return logits;
    }

    private static int nonZero(float[] p) {
        int n = 0;
        for (float v : p) if (v > 0) n++;
        return n;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 50, 1000})
    void topKKeepsExactlyTheKLargest(int k) {
        float[] logits = randomLogits(k, 1000);
        float[] p = new Sampler(new SamplingConfig(0.8f, k, 1, 1)).distribution(logits);
        assertThat(nonZero(p)).isEqualTo(k);
        float[] sorted = logits.clone();
        Arrays.sort(sorted);
        float kth = sorted[sorted.length - k];
        for (int i = 0; i < logits.length; i++) assertThat(p[i] > 0).isEqualTo(logits[i] >= kth);
        assertThat(sum(p)).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void topKBreaksTiesByIndexAndKeepsExactlyK() {
        float[] logits = {1, 3, 3, 3, 0};
        float[] p = new Sampler(new SamplingConfig(1, 2, 1, 1)).distribution(logits);
        assertThat(p).containsExactly(0f, 0.5f, 0.5f, 0f, 0f);
    }

    @ParameterizedTest
    @ValueSource(floats = {0.05f, 0.3f, 0.5f, 0.9f, 0.999f})
    void topPKeepsTheSmallestSetReachingP(float topP) {
        float[] logits = randomLogits((long) (topP * 1000), 300);
        float temperature = 1.3f;
        // reference in double precision: softmax, sort, shortest prefix with mass >= p
        double[] probs = new double[logits.length];
        double max = Double.NEGATIVE_INFINITY, total = 0;
        for (float l : logits) max = Math.max(max, l / (double) temperature);
        for (int i = 0; i < logits.length; i++) total += probs[i] = Math.exp(logits[i] / (double) temperature - max);
        double[] sorted = new double[probs.length];
        for (int i = 0; i < probs.length; i++) sorted[i] = probs[i] / total;
        Arrays.sort(sorted);
        int expectedSize = 0;
        double mass = 0;
        while (mass < topP) mass += sorted[sorted.length - 1 - expectedSize++];
        float[] p = new Sampler(new SamplingConfig(temperature, 0, topP, 1)).distribution(logits);
        assertThat(nonZero(p)).isEqualTo(expectedSize);
        double keptMass = 0;
        for (int i = 0; i < p.length; i++) if (p[i] > 0) keptMass += probs[i] / total;
        assertThat(keptMass).isCloseTo(mass, within(1e-9));
        for (int i = 0; i < p.length; i++) if (p[i] > 0) assertThat(p[i]).isCloseTo((float) (probs[i] / total / mass), within(1e-5f));
    }

    @Test
    void temperatureZeroIsGreedy() {
        float[] logits = randomLogits(3, 5000);
        var sampler = new Sampler(new SamplingConfig(0, 40, 0.9f, 123));
        int best = 0;
        for (int i = 0; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
        for (int i = 0; i < 20; i++) assertThat(sampler.next(logits)).isEqualTo(best);
    }

    @Test
    void theSeedReproducesAndDifferentSeedsDiffer() {
        float[] logits = randomLogits(4, 100);
        int[] a = draw(new Sampler(new SamplingConfig(1, 0, 1, 99)), logits, 200);
        int[] b = draw(new Sampler(new SamplingConfig(1, 0, 1, 99)), logits, 200);
        int[] c = draw(new Sampler(new SamplingConfig(1, 0, 1, 100)), logits, 200);
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void drawsFollowTheDistribution() {
        float[] logits = {0, (float) Math.log(2), (float) Math.log(3), (float) Math.log(4), -50};
        int[] counts = new int[5];
        for (int t : draw(new Sampler(new SamplingConfig(1, 4, 1, 5)), logits, 20000)) counts[t]++;
        for (int i = 0; i < 4; i++) assertThat(counts[i] / 20000.0).isCloseTo((i + 1) / 10.0, within(0.015));
        assertThat(counts[4]).isZero();
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new SamplingConfig(-1, 0, 1, 0)).hasMessage("--temperature must be 0 (greedy) or positive, got -1.0");
        assertThatThrownBy(() -> new SamplingConfig(1, -2, 1, 0)).hasMessage("--top-k must be 0 (off) or positive, got -2");
        assertThatThrownBy(() -> new SamplingConfig(1, 0, 0, 0)).hasMessage("--top-p must be in (0, 1], got 0.0");
    }

    private static int[] draw(Sampler s, float[] logits, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = s.next(logits);
        return out;
    }

    private static double sum(float[] p) {
        double s = 0;
        for (float v : p) s += v;
        return s;
    }

    @Test
    void argmaxTakesTheFirstOfTiesAndPassesOverNaN() {
        assertThat(Sampler.argmax(new float[] {1, 3, 2, 3})).isEqualTo(1);
        assertThat(Sampler.argmax(new float[] {1, Float.NaN, 2, 0})).isEqualTo(2);
        assertThat(Sampler.argmax(new float[] {-1, -5, Float.POSITIVE_INFINITY, 7})).isEqualTo(2);
        assertThat(Sampler.argmax(new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY})).isEqualTo(0);
    }
}
