package jgpt.finetune.instruct;

import jgpt.data.Batch;
import jgpt.tensor.Tensor;

import java.util.List;

/**
 * Turns a list of encoded examples into one batch as the book's custom_collate_fn does: every sequence
 * gets one end-of-text token and is padded with it to the batch's longest sequence plus one; inputs drop
 * the last position and targets the first (targets are inputs shifted by one); every padding target but
 * the first becomes {@link #IGNORE_INDEX}, so the model learns to end its answer once and the loss skips
 * the rest. With maskPrompt the targets that predict prompt tokens are ignored too (exercise 7.2), and
 * maxLength (0: no limit) cuts both to that many positions.
 */
public record InstructionCollator(int padId, int maxLength, boolean maskPrompt) {
    /** The target value that cross-entropy skips. */
    public static final int IGNORE_INDEX = -100;

    public InstructionCollator {
        if (maxLength < 0) throw new IllegalArgumentException("the maximum length must be 0 (no limit) or positive, got " + maxLength);
    }

    /** inputs, targets: int32 (B, T) with T = min(longest sequence, maxLength). */
    public Batch collate(List<EncodedExample> examples) {
        if (examples.isEmpty()) throw new IllegalArgumentException("cannot collate an empty batch");
        int longest = examples.stream().mapToInt(EncodedExample::length).max().orElseThrow();
        int t = maxLength > 0 ? Math.min(longest, maxLength) : longest;
        int b = examples.size();
        int[] inputs = new int[b * t], targets = new int[b * t];
        for (int row = 0; row < b; row++) {
            fillRow(examples.get(row), inputs, targets, row * t, t);
        }
        return new Batch(Tensor.ofInts(inputs, b, t), Tensor.ofInts(targets, b, t));
    }

    private void fillRow(EncodedExample example, int[] inputs, int[] targets, int start, int t) {
        int[] ids = example.ids();
        int n = ids.length;
        int maskedTargets = maskPrompt ? Math.max(example.promptLength() - 1, 0) : 0;
        for (int j = 0; j < t; j++) {
            inputs[start + j] = j < n ? ids[j] : padId;
            int target = j < n - 1 ? ids[j + 1] : j == n - 1 ? padId : IGNORE_INDEX;
            targets[start + j] = j < maskedTargets ? IGNORE_INDEX : target;
        }
    }
}
