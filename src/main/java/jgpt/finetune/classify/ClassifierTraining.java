package jgpt.finetune.classify;

/**
 * How a classifier is fine-tuned; {@link #book()} gives chapter 6's choices.
 *
 * @param epochs        passes over the training split
 * @param batchSize     examples per optimizer step
 * @param learningRate  AdamW's rate (constant)
 * @param weightDecay   AdamW's decoupled weight decay, on every trained parameter as in the book
 * @param evalEvery     steps between loss evaluations (0: only at epoch ends)
 * @param evalBatches   batches per split in those loss evaluations (the book's eval_iter)
 * @param dropout       train with the backbone's dropout rate; off, as the book fine-tunes with drop rate 0
 * @param seed          fixes the head's initialisation, LoRA's A matrices and the batch order
 */
public record ClassifierTraining(int epochs, int batchSize, float learningRate, float weightDecay, int evalEvery, int evalBatches,
                                 boolean dropout, long seed) {
    public ClassifierTraining {
        if (epochs < 1 || batchSize < 1 || evalEvery < 0 || evalBatches < 1 || !(learningRate > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("fine-tuning needs epochs, batch size and evaluation batches of 1 or more, a positive "
                    + "learning rate and a weight decay of 0 or more");
        }
    }

    /** The book's listing 6.10: 5 epochs, batch 8, AdamW lr 5e-5 and weight decay 0.1, losses every 50 steps over 5 batches. */
    public static ClassifierTraining book() {
        return new ClassifierTraining(5, 8, 5e-5f, 0.1f, 50, 5, false, 123);
    }
}
