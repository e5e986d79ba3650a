package jgpt.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import jgpt.tensor.DType;
import jgpt.tensor.Device;
import jgpt.tensor.InPlace;
import jgpt.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Global-norm clipping against the norm and scaled gradients worked out here in double precision. */
class GradientClippingTest {
    private static final int[] SIZES = {1, 7, 100_003, 13};

    /** Parameters of SIZES with N(0, 1) gradients, the last one's all zero, and one more parameter without a gradient. */
    private record Setup(List<Parameter> parameters, float[][] grads) {
        static Setup random(long seed) {
            Random rng = new Random(seed);
            List<Parameter> parameters = new ArrayList<>();
            float[][] grads = new float[SIZES.length][];
            Tensor loss = Tensor.scalar(0);
            for (int i = 0; i < SIZES.length; i++) {
                grads[i] = new float[SIZES[i]];
                if (i < SIZES.length - 1) for (int j = 0; j < SIZES[i]; j++) grads[i][j] = (float) rng.nextGaussian();
                Tensor p = Tensor.zeros(SIZES[i]).requiresGrad(true);
                parameters.add(new Parameter("p" + i, p));
                loss = loss.add(p.mul(Tensor.of(grads[i], SIZES[i])).sum());   // d loss / d p = grads[i], exactly
            }
            parameters.add(new Parameter("unused", Tensor.zeros(3).requiresGrad(true)));
            loss.backward();
            return new Setup(parameters, grads);
        }

        double norm() {
            double sum = 0;
            for (float[] g : grads) for (float v : g) sum += (double) v * v;
            return Math.sqrt(sum);
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.01, 0.5, 0.999, 1.001, 3, Double.POSITIVE_INFINITY})
    void scalesEveryGradientByMaxNormOverTheNormWhenItIsAbove(double fractionOfTheNorm) {
        Setup setup = Setup.random(Double.doubleToLongBits(fractionOfTheNorm));
        double norm = setup.norm(), maxNorm = fractionOfTheNorm * norm;
        Tensor returned = GradientClipping.clipGlobalNorm(setup.parameters(), maxNorm);

        assertThat(returned.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(returned.device()).isEqualTo(Device.CPU);
        assertThat(returned.shape()).isEmpty();
        assertThat(returned.item()).isCloseTo((float) norm, org.assertj.core.api.Assertions.withinPercentage(1e-4));
        double coef = Math.min(1, maxNorm / (norm + 1e-6));
        assertThat(coef < 1).isEqualTo(fractionOfTheNorm < 1);
        for (int i = 0; i < SIZES.length; i++) {
            float[] actual = setup.parameters().get(i).tensor().grad().toFloatArray();
            for (int j = 0; j < actual.length; j++) {
                double expected = setup.grads()[i][j] * coef;
                assertThat((double) actual[j]).as("gradient %d element %d", i, j).isCloseTo(expected,
                        org.assertj.core.api.Assertions.within(1e-6 * Math.abs(expected) + 1e-30));
            }
        }
        assertThat(setup.parameters().getLast().tensor().grad()).isNull();
    }

    @Test
    void withoutALimitTheGradientsKeepTheirBitsAndTheNormIsStillReturned() {
        Setup setup = Setup.random(3);
        float norm = GradientClipping.clipGlobalNorm(setup.parameters(), Double.POSITIVE_INFINITY).item();
        assertThat((double) norm).isCloseTo(setup.norm(), org.assertj.core.api.Assertions.within(1e-6 * setup.norm()));
        for (int i = 0; i < SIZES.length; i++) {
            assertThat(setup.parameters().get(i).tensor().grad().toFloatArray()).containsExactly(setup.grads()[i]);
        }
    }

    @Test
    void theEpsilonCountsWhenTheNormIsTiny() {
        Tensor p = Tensor.zeros(2).requiresGrad(true);
        p.mul(Tensor.of(new float[] {3e-7f, 4e-7f}, 2)).sum().backward();
        float norm = GradientClipping.clipGlobalNorm(List.of(new Parameter("p", p)), 1e-7).item();
        double expectedNorm = Math.hypot(3e-7f, 4e-7f), coef = 1e-7 / (expectedNorm + 1e-6);   // 0.0667, not 0.2
        assertThat((double) norm).isCloseTo(expectedNorm, org.assertj.core.api.Assertions.within(1e-6 * expectedNorm));
        float[] g = p.grad().toFloatArray();
        assertThat((double) g[0]).isCloseTo(3e-7f * coef, org.assertj.core.api.Assertions.within(1e-6 * 3e-7 * coef));
        assertThat((double) g[1]).isCloseTo(4e-7f * coef, org.assertj.core.api.Assertions.within(1e-6 * 4e-7 * coef));
    }

    @Test
    void zeroGradientsHaveNormZeroAndStayZero() {
        Tensor p = Tensor.zeros(5).requiresGrad(true);
        p.mul(Tensor.zeros(5)).sum().backward();
        assertThat(GradientClipping.clipGlobalNorm(List.of(new Parameter("p", p)), 1.0).item()).isZero();
        assertThat(p.grad().toFloatArray()).containsOnly(0f);
    }

    @Test
    void noGradientsAtAllHaveNormZero() {
        Tensor norm = GradientClipping.clipGlobalNorm(List.of(new Parameter("p", Tensor.zeros(4).requiresGrad(true))), 1.0);
        assertThat(norm.item()).isZero();
        assertThat(GradientClipping.clipGlobalNorm(List.of(), 1.0).item()).isZero();
    }

    @Test
    void aLimitThatIsNotPositiveIsRefused() {
        Setup setup = Setup.random(4);
        for (double bad : new double[] {0, -1, Double.NaN}) {
            assertThatThrownBy(() -> GradientClipping.clipGlobalNorm(setup.parameters(), bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxNorm must be positive");
        }
    }

    @Test
    void clippingNeedsOneNormValue() {
        Tensor g = Tensor.of(new float[] {3, 4}, 2);
        assertThatThrownBy(() -> InPlace.clipByGlobalNorm(List.of(g), Tensor.of(new float[] {5, 5}, 2), 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one value");
        assertThatThrownBy(() -> InPlace.globalNorm(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no tensors");
    }
}
