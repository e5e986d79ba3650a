package jgpt.finetune.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import jgpt.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ClassifierLossTest {
    private static final float[] LOGITS = {2f, -1f, 0.5f, 0.25f, -3f, 1f};
    private static final int[] CLASSES = {0, 1, 1};

    private static ClassificationBatches.Batch batch() {
        return new ClassificationBatches.Batch(Tensor.ofInts(new int[3], 3, 1), new int[] {1, 1, 1}, Tensor.ofInts(CLASSES, 3), CLASSES);
    }

    private static double crossEntropy(int row) {
        double a = LOGITS[2 * row], b = LOGITS[2 * row + 1];
        double logSum = Math.log(Math.exp(a) + Math.exp(b));
        return logSum - (CLASSES[row] == 0 ? a : b);
    }

    @Test
    void classWeightsGiveAWeightedMeanOfTheExamplesLosses() {
        float[] weights = {1f, 3f};
        double expected = (1 * crossEntropy(0) + 3 * crossEntropy(1) + 3 * crossEntropy(2)) / 7;
        Tensor loss = ClassifierTrainer.loss(Tensor.of(LOGITS, 3, 2), batch(), weights);
        assertThat((double) loss.item()).isCloseTo(expected, within(1e-6));
    }

    @Test
    void withoutWeightsTheLossIsThePlainMean() {
        double expected = (crossEntropy(0) + crossEntropy(1) + crossEntropy(2)) / 3;
        assertThat((double) ClassifierTrainer.loss(Tensor.of(LOGITS, 3, 2), batch(), null).item()).isCloseTo(expected, within(1e-6));
    }
}
