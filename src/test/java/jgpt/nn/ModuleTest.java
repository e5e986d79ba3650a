package jgpt.nn;

import java.util.Map;
import java.util.Random;
import jgpt.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModuleTest {

    @Test
    void sequentialNamesParametersLikePyTorch() {
        Random rng = new Random(1);
        Sequential net = new Sequential(new Linear(4, 8, true, rng), new GELU(), new LayerNorm(8), new Linear(8, 2, false, rng));
        assertThat(net.stateDict().keySet()).containsExactly("0.weight", "0.bias", "2.weight", "2.bias", "3.weight");
        assertThat(net.parameterCount()).isEqualTo(4 * 8 + 8 + 8 + 8 + 16);
        assertThat(net.forward(Tensor.zeros(3, 4)).shape()).containsExactly(3, 2);
    }

    @Test
    void stateDictRoundTripsIntoAFreshModule() {
        Sequential a = new Sequential(new Linear(3, 3, true, new Random(1)));
        Sequential b = new Sequential(new Linear(3, 3, true, new Random(2)));
        b.loadStateDict(a.stateDict());
        Tensor x = Tensor.randn(new Random(3), 1f, 2, 3);
        assertThat(b.forward(x).toFloatArray()).containsExactly(a.forward(x).toFloatArray());
    }

    @Test
    void loadingAMismatchedStateDictNamesTheProblem() {
        Sequential net = new Sequential(new Linear(3, 3, true, new Random(1)));
        assertThatThrownBy(() -> net.loadStateDict(Map.of("0.weight", Tensor.zeros(3, 3))))
                .hasMessageContaining("missing [0.bias]");
        assertThatThrownBy(() -> net.loadStateDict(Map.of("0.weight", Tensor.zeros(3, 4), "0.bias", Tensor.zeros(3))))
                .hasMessageContaining("0.weight").hasMessageContaining("[3, 4]").hasMessageContaining("[3, 3]");
    }

    @Test
    void evalModeTurnsDropoutOffAndTrainModeOn() {
        Dropout drop = new Dropout(0.5f, 42);
        Sequential net = new Sequential(drop);
        Tensor x = Tensor.full(1f, 1000);
        net.eval();
        assertThat(net.forward(x).toFloatArray()).containsOnly(1f);
        net.train();
        float[] y = net.forward(x).toFloatArray();
        long zeros = 0;
        for (float v : y) {
            assertThat(v).isIn(0f, 2f);
            if (v == 0) zeros++;
        }
        assertThat(zeros).isBetween(400L, 600L);
        assertThat(drop.calls()).isEqualTo(1);
    }
}
