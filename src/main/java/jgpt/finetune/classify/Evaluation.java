package jgpt.finetune.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import jgpt.tensor.Functional;
import jgpt.tensor.Tensor;

/** A classifier's mean loss and metrics over (the first batches of) a split, computed without gradients in eval mode. */
public record Evaluation(double loss, ClassificationMetrics metrics) {

    /** Evaluates model on the first maxBatches batches; labels name the classes in the metrics (null: numbers). */
    static Evaluation of(SequenceClassifier model, ClassificationBatches batches, int maxBatches, List<String> labels) {
        model.eval();
        int count = Math.min(maxBatches, batches.batchesPerEpoch()), k = model.classes();
        List<Integer> actual = new ArrayList<>(), predicted = new ArrayList<>();
        double lossSum = 0;
        try (var noGrad = Tensor.noGrad()) {
            for (int i = 0; i < count; i++) {
                ClassificationBatches.Batch batch = batches.batch(0, i);
                Tensor logits = model.forward(batch.ids(), batch.lengths());
                lossSum += Functional.crossEntropy(logits, batch.labels().to(logits.device())).item() * batch.size();
                float[] values = logits.toFloatArray();
                for (int r = 0; r < batch.size(); r++) {
                    actual.add(batch.classes()[r]);
                    predicted.add(argmax(values, r * k, k));
                }
            }
        }
        List<String> names = labels != null ? labels : IntStream.range(0, k).mapToObj(Integer::toString).toList();
        int n = actual.size();
        return new Evaluation(n == 0 ? Double.NaN : lossSum / n, ClassificationMetrics.of(names, ints(actual), ints(predicted)));
    }

    /** Evaluates model on every example of data, batched by batchSize and padded with padId. */
    public static Evaluation of(SequenceClassifier model, EncodedExamples data, int batchSize, int padId, List<String> labels) {
        return of(model, new ClassificationBatches(data, batchSize, false, 0, padId), Integer.MAX_VALUE, labels);
    }

    private static int[] ints(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    static int argmax(float[] values, int from, int n) {
        int best = 0;
        for (int k = 1; k < n; k++) if (values[from + k] > values[from + best]) best = k;
        return best;
    }
}
