package jgpt.finetune.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {
    @Test
    void metricsOfAWorkedExample() {
        // 6 ham, 4 spam; ham predicted: 5 right, 1 as spam; spam predicted: 3 right, 1 as ham
        int[] actual = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1};
        int[] predicted = {0, 0, 0, 0, 0, 1, 1, 1, 1, 0};
        var m = ClassificationMetrics.of(List.of("ham", "spam"), actual, predicted);
        assertThat(m.confusion()).isEqualTo(new long[][] {{5, 1}, {1, 3}});
        assertThat(m.accuracy()).isCloseTo(0.8, within(1e-12));
        assertThat(m.precision(1)).isCloseTo(3.0 / 4, within(1e-12));
        assertThat(m.recall(1)).isCloseTo(3.0 / 4, within(1e-12));
        assertThat(m.precision(0)).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(m.f1(0)).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(m.macroF1()).isCloseTo((5.0 / 6 + 3.0 / 4) / 2, within(1e-12));
        assertThat(m.report()).contains("accuracy  80.00% (10 examples)", "spam         0.7500  0.7500  0.7500         4",
                "ham      5        1");
    }

    @Test
    void aClassNeverPredictedHasPrecisionZero() {
        var m = ClassificationMetrics.of(List.of("a", "b", "c"), new int[] {0, 1, 2}, new int[] {0, 0, 0});
        assertThat(m.precision(1)).isZero();
        assertThat(m.recall(0)).isEqualTo(1.0);
        assertThat(m.f1(2)).isZero();
    }
}
