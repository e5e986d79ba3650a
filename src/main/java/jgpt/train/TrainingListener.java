package jgpt.train;

import java.nio.file.Path;

/** What a {@link Trainer} reports as it goes (the CLI draws its progress bar from these). */
public interface TrainingListener {

    /** Training begins (or resumes) at step of totalSteps. */
    default void onStart(long step, long totalSteps) {
    }

    default void onStep(StepReport report) {
    }

    default void onEvaluation(EvalReport report) {
    }

    default void onEpochEnd(long epoch, double seconds) {
    }

    default void onCheckpoint(Path dir) {
    }

    /** One optimizer step: the mean loss of its micro-batches, the rate used, the gradient norm before clipping. */
    record StepReport(long step, long totalSteps, long epoch, long tokensSeen, double loss, float learningRate, double gradNorm,
                      double tokensPerSecond) {
    }

    /** An evaluation: mean losses over the first batches of each split (validation NaN when there is none). */
    record EvalReport(long step, long epoch, long tokensSeen, double trainLoss, double validationLoss, String sample) {
    }
}
