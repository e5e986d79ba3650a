package jgpt.finetune.instruct;

/**
 * Settings of instruction fine-tuning; {@link #book()} has chapter 7's: 2 epochs of batches of 8, AdamW
 * with learning rate 5e-5 and weight decay 0.1, losses every 5 steps over 5 batches. maxLength 0 means the
 * model's context length.
 */
public record TuningConfig(int epochs, int batchSize, float learningRate, float weightDecay, int evalEvery, int evalBatches,
                           boolean maskPrompt, int maxLength, long seed) {
    public TuningConfig {
        positive("--epochs", epochs);
        positive("--batch-size", batchSize);
        positive("--eval-every", evalEvery);
        positive("--eval-batches", evalBatches);
        if (!(learningRate > 0)) throw new IllegalArgumentException("--lr must be positive, got " + learningRate + ".");
        if (!(weightDecay >= 0)) throw new IllegalArgumentException("--weight-decay must be 0 or more, got " + weightDecay + ".");
        if (maxLength < 0) throw new IllegalArgumentException("--max-length must be 0 (the context length) or more, got " + maxLength + ".");
    }

    public static TuningConfig book() {
        return new TuningConfig(2, 8, 5e-5f, 0.1f, 5, 5, false, 0, 123);
    }

    private static void positive(String option, int value) {
        if (value < 1) throw new IllegalArgumentException(option + " must be at least 1, got " + value + ".");
    }
}
