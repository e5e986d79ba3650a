package jgpt.finetune.classify;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import jgpt.nn.AdamW;
import jgpt.nn.ParamGroup;
import jgpt.nn.Parameter;
import jgpt.tensor.Functional;
import jgpt.tensor.Tensor;
import jgpt.train.LineChart;
import jgpt.train.MetricsLog;
import jgpt.train.Plots;

/**
 * The book's train_classifier_simple: AdamW steps over shuffled batches; every evalEvery steps the mean
 * loss over a few training and validation batches; after each epoch the accuracy on the validation split
 * and on an equally large sample of the training split. Rows go to metrics.jsonl in the output folder and
 * the curves to loss.png and accuracy.png there, redrawn after each epoch.
 */
public final class ClassifierTrainer {
    static final String METRICS_FILE = "metrics.jsonl";
    private final SequenceClassifier model;
    private final ClassifierTraining settings;
    private final AdamW optimizer;
    private final ClassificationBatches train, trainSample, validation;
    private final float[] classWeights;
    private final MetricsLog metrics;
    private final Path outDir;
    private final Listener listener;
    private long step, examplesSeen;

    /** Progress, for the command line. */
    public interface Listener {
        default void onStep(long step, long totalSteps, int epoch, double loss) {
        }

        default void onEvaluation(long step, double trainLoss, double validationLoss) {
        }

        default void onEpoch(int epoch, double trainAccuracy, double validationAccuracy, double seconds) {
        }
    }

    /**
     * @param trainable    the parameters to update (see {@link Trainable#prepare})
     * @param classWeights a loss weight per class, or null for the plain mean
     */
    public ClassifierTrainer(SequenceClassifier model, List<Parameter> trainable, EncodedExamples trainData, EncodedExamples validationData,
                             int padId, float[] classWeights, ClassifierTraining settings, Path outDir, Listener listener) {
        this.model = model;
        this.settings = settings;
        this.optimizer = new AdamW(ParamGroup.all(trainable, settings.weightDecay()), settings.learningRate());
        this.train = new ClassificationBatches(trainData, settings.batchSize(), true, settings.seed(), padId);
        if (train.batchesPerEpoch() == 0) {
            throw new IllegalArgumentException("the training split has " + trainData.size() + " examples, fewer than one batch of "
                    + settings.batchSize() + "; use a smaller batch size or more data");
        }
        this.trainSample = new ClassificationBatches(sample(trainData, validationData.size(), settings.seed()), settings.batchSize(), false, 0, padId);
        this.validation = new ClassificationBatches(validationData, settings.batchSize(), false, 0, padId);
        this.classWeights = classWeights;
        this.outDir = outDir;
        this.metrics = new MetricsLog(outDir.resolve(METRICS_FILE));
        this.listener = listener;
    }

    /** At most n examples of data, a seeded choice (all of them when there are no more than n). */
    private static EncodedExamples sample(EncodedExamples data, int n, long seed) {
        if (data.size() <= n) return data;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) order.add(i);
        Collections.shuffle(order, new Random(seed));
        List<int[]> ids = new ArrayList<>(n);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            ids.add(data.ids().get(order.get(i)));
            labels[i] = data.labels()[order.get(i)];
        }
        return new EncodedExamples(ids, labels, data.maxLength(), 0);
    }

    /** Trains for the configured epochs. */
    public void run() {
        long totalSteps = (long) settings.epochs() * train.batchesPerEpoch();
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            long start = System.nanoTime();
            setTrainingMode();
            for (int i = 0; i < train.batchesPerEpoch(); i++) {
                double loss = trainStep(train.batch(epoch, i), epoch);
                listener.onStep(step, totalSteps, epoch + 1, loss);
                if (settings.evalEvery() > 0 && step % settings.evalEvery() == 0) evaluateLosses(epoch);
            }
            double trainAccuracy = Evaluation.of(model, trainSample, Integer.MAX_VALUE, null).metrics().accuracy();
            double validationAccuracy = Evaluation.of(model, validation, Integer.MAX_VALUE, null).metrics().accuracy();
            double seconds = (System.nanoTime() - start) / 1e9;
            metrics.append(MetricsLog.row("epoch", step, "epoch", epoch + 1, "examples", examplesSeen, "train_accuracy", trainAccuracy,
                    "val_accuracy", validationAccuracy, "seconds", seconds));
            listener.onEpoch(epoch + 1, trainAccuracy, validationAccuracy, seconds);
            Plots.drawIfPossible(this::drawPlots);
        }
        metrics.close();
        model.eval();
    }

    private void setTrainingMode() {
        if (settings.dropout()) model.train();
        else model.eval();   // no dropout, and the fused attention kernel
    }

    private double trainStep(ClassificationBatches.Batch batch, int epoch) {
        optimizer.zeroGrad();
        Tensor loss = loss(model.forward(batch.ids(), batch.lengths()), batch, classWeights);
        loss.backwardAndFree();
        optimizer.step();
        step++;
        examplesSeen += batch.size();
        double value = loss.item();
        metrics.append(MetricsLog.row("step", step, "epoch", epoch + 1, "examples", examplesSeen, "loss", value));
        return value;
    }

    /** Mean cross-entropy of logits (B, classes) against the batch's classes, each example weighted by its class when weights are given. */
    static Tensor loss(Tensor logits, ClassificationBatches.Batch batch, float[] classWeights) {
        Tensor labels = batch.labels().to(logits.device());
        if (classWeights == null) return Functional.crossEntropy(logits, labels);
        Tensor total = null;
        float weightSum = 0;
        for (int r = 0; r < batch.size(); r++) {
            float w = classWeights[batch.classes()[r]];
            Tensor one = Functional.crossEntropy(logits.slice(0, r, r + 1), labels.slice(0, r, r + 1)).scale(w);
            total = total == null ? one : total.add(one);
            weightSum += w;
        }
        return total.scale(1f / weightSum);
    }

    private void evaluateLosses(int epoch) {
        double trainLoss = Evaluation.of(model, trainSample, settings.evalBatches(), null).loss();
        double validationLoss = Evaluation.of(model, validation, settings.evalBatches(), null).loss();
        setTrainingMode();
        metrics.append(MetricsLog.row("eval", step, "epoch", epoch + 1, "examples", examplesSeen, "train_loss", trainLoss,
                "val_loss", validationLoss));
        listener.onEvaluation(step, trainLoss, validationLoss);
    }

    private void drawPlots() {
        var rows = metrics.rows();
        new LineChart("Training and validation loss", "Examples seen", "Loss", LineChart::number)
                .add("Training loss (step)", MetricsLog.series(rows, "step", "examples", "loss"), LineChart.BLUE, LineChart.Style.FAINT)
                .add("Training loss", MetricsLog.series(rows, "eval", "examples", "train_loss"), LineChart.BLUE, LineChart.Style.SOLID)
                .add("Validation loss", MetricsLog.series(rows, "eval", "examples", "val_loss"), LineChart.ORANGE, LineChart.Style.DASHED)
                .write(outDir.resolve("loss.png"));
        new LineChart("Training and validation accuracy", "Epochs", "Accuracy", LineChart::number)
                .add("Training accuracy", MetricsLog.series(rows, "epoch", "epoch", "train_accuracy"), LineChart.BLUE, LineChart.Style.SOLID)
                .add("Validation accuracy", MetricsLog.series(rows, "epoch", "epoch", "val_accuracy"), LineChart.ORANGE, LineChart.Style.DASHED)
                .write(outDir.resolve("accuracy.png"));
    }
}
