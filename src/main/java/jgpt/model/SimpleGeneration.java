package jgpt.model;

import java.util.Arrays;
import jgpt.tensor.Tensor;

/**
 * The book's generate_text_simple: greedy decoding with a full forward pass per new token (no KV cache),
 * the context cropped to the model's last contextLength ids.
 */
public final class SimpleGeneration {
    private SimpleGeneration() {
    }

    /** The prompt followed by maxNewTokens ids, each the argmax of the model's next-token logits. */
    public static int[] greedy(GPTModel model, int[] promptIds, int maxNewTokens) {
        if (promptIds.length == 0) throw new IllegalArgumentException("greedy generation needs at least one prompt id");
        if (maxNewTokens < 0) throw new IllegalArgumentException("the number of new tokens must be 0 or more, got " + maxNewTokens);
        int[] ids = Arrays.copyOf(promptIds, promptIds.length + maxNewTokens);
        int context = model.config().contextLength();
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var noGrad = Tensor.noGrad()) {
            for (int n = promptIds.length; n < ids.length; n++) {
                int start = Math.max(0, n - context);
                Tensor window = Tensor.ofInts(Arrays.copyOfRange(ids, start, n), 1, n - start);
                ids[n] = argmax(model.lastLogits(window).toFloatArray());
            }
        } finally {
            if (wasTraining) model.train();
        }
        return ids;
    }

    /** The index of the largest value, the first one on ties (like torch.argmax). */
    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}
