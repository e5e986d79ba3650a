package jgpt.train;

/**
 * How to train, the book's train_model_simple arguments and appendix D's additions. Error messages name the
 * {@code jgpt train} flag that sets each field.
 *
 * @param batchSize        windows per micro-batch
 * @param gradAccumulation micro-batches whose gradients add up to one optimizer step
 * @param stride           tokens between the starts of two windows; 0 means the context length (no overlap)
 * @param validationRatio  share of a text corpus held out for validation (prepared shards bring their own)
 * @param epochs           passes over the training windows, when maxSteps is 0
 * @param maxSteps         optimizer steps to take; 0 means as many as epochs need
 * @param learningRate     AdamW's peak learning rate
 * @param minLearningRate  where the cosine decay ends
 * @param warmupSteps      steps of linear warmup
 * @param cosineDecay      decay to minLearningRate after warmup (else constant)
 * @param weightDecay      AdamW's decoupled weight decay, applied to every parameter as the book does
 * @param gradClip         global gradient norm limit; 0 turns clipping off
 * @param evalEvery        evaluate (and print a sample) after the first step and every evalEvery steps
 * @param evalBatches      batches of each split the evaluation averages (the book's eval_iter)
 * @param checkpointEvery  save a checkpoint every this many steps (and always at the end); 0 only at the end
 * @param keepCheckpoints  how many of the newest checkpoints to keep
 * @param samplePrompt     the fixed prompt of the sample generated at each evaluation
 * @param sampleTokens     how many tokens that sample has
 * @param seed             fixes initialisation, shuffling and dropout
 */
public record TrainConfig(int batchSize, int gradAccumulation, int stride, double validationRatio, int epochs, long maxSteps,
                          float learningRate, float minLearningRate, int warmupSteps, boolean cosineDecay,
                          float weightDecay, float beta1, float beta2, float gradClip,
                          int evalEvery, int evalBatches, int checkpointEvery, int keepCheckpoints,
                          String samplePrompt, int sampleTokens, long seed) {
    public TrainConfig {
        require(batchSize >= 1, "--batch-size must be at least 1, got " + batchSize);
        require(gradAccumulation >= 1, "--grad-accumulation must be at least 1, got " + gradAccumulation);
        require(stride >= 0, "--stride must be 0 (the context length) or positive, got " + stride);
        require(validationRatio >= 0 && validationRatio < 1, "--validation-ratio must be in [0, 1), got " + validationRatio);
        require(epochs >= 1 || maxSteps >= 1, "give --epochs or --max-steps a positive value");
        require(epochs >= 0 && maxSteps >= 0, "--epochs and --max-steps must not be negative");
        require(learningRate > 0, "--lr must be positive, got " + learningRate);
        require(minLearningRate >= 0 && minLearningRate <= learningRate, "--min-lr must be in [0, --lr], got " + minLearningRate);
        require(warmupSteps >= 0, "--warmup-steps must not be negative, got " + warmupSteps);
        require(weightDecay >= 0, "--weight-decay must not be negative, got " + weightDecay);
        require(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "AdamW's betas must be in [0, 1)");
        require(gradClip >= 0, "--grad-clip must be 0 (off) or positive, got " + gradClip);
        require(evalEvery >= 1, "--eval-every must be at least 1, got " + evalEvery);
        require(evalBatches >= 1, "--eval-batches must be at least 1, got " + evalBatches);
        require(checkpointEvery >= 0, "--checkpoint-every must be 0 (only at the end) or positive, got " + checkpointEvery);
        require(keepCheckpoints >= 1, "--keep-checkpoints must be at least 1, got " + keepCheckpoints);
        require(sampleTokens >= 0, "--sample-tokens must not be negative, got " + sampleTokens);
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }

    /** The book's chapter 5 settings: batch 2, AdamW lr 4e-4, weight decay 0.1, 10 epochs, eval every 5 steps on 5 batches. */
    public static TrainConfig book() {
        return new TrainConfig(2, 1, 0, 0.1, 10, 0, 4e-4f, 4e-4f, 0, false, 0.1f, 0.9f, 0.999f, 0f,
                5, 5, 0, 1, "Every effort moves you", 50, 123);
    }

    /** The stride for windows of contextLength. */
    public int strideFor(int contextLength) {
        return stride == 0 ? contextLength : stride;
    }
}
