package jgpt.cli;

import java.io.PrintWriter;
import jgpt.finetune.classify.ClassifierFineTuning;

/** Prints a fine-tuning run's plan, its evaluations and its epochs, one line each. */
final class FinetuneProgress implements ClassifierFineTuning.Reporter {
    private final PrintWriter out;
    private long totalSteps;

    FinetuneProgress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void onPlan(ClassifierFineTuning.Plan plan) {
        out.printf("classes: %s%n", String.join(", ", plan.labels()));
        out.printf("examples: %,d training, %,d validation, %,d test%n", plan.trainSize(), plan.validationSize(), plan.testSize());
        out.printf("length: %d tokens at most (%,d texts truncated)%n", plan.maxLength(), plan.truncated());
        out.printf("trainable parameters: %,d of %,d (%.2f%%)%n", plan.trainableParameters(), plan.totalParameters(),
                100.0 * plan.trainableParameters() / plan.totalParameters());
        out.flush();
    }

    @Override
    public void onStep(long step, long totalSteps, int epoch, double loss) {
        this.totalSteps = totalSteps;
    }

    @Override
    public void onEvaluation(long step, double trainLoss, double validationLoss) {
        out.printf("step %d/%d: training loss %.3f, validation loss %.3f%n", step, totalSteps, trainLoss, validationLoss);
        out.flush();
    }

    @Override
    public void onEpoch(int epoch, double trainAccuracy, double validationAccuracy, double seconds) {
        out.printf("epoch %d: training accuracy %.2f%%, validation accuracy %.2f%% (%.1f s)%n", epoch, 100 * trainAccuracy,
                100 * validationAccuracy, seconds);
        out.flush();
    }
}
