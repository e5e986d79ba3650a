package jgpt.finetune.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import jgpt.model.GPTModel;
import jgpt.nn.Linear;
import jgpt.nn.Module;
import jgpt.tensor.Device;
import jgpt.tensor.Functional;
import jgpt.tensor.Tensor;

/**
 * The book's spam classifier: a GPT model whose output head is replaced by a Linear(C, classes) that reads
 * the hidden state of each sequence's last real token. The book reads the last position, padding
 * included; reading the last real token instead makes the prediction independent of how much padding a
 * batch adds, so the same text gets the same answer alone or in any batch.
 *
 * <p>Parameters: the backbone's under {@code gpt.}, the head's as {@code head.weight} and {@code head.bias}.
 * The backbone's own vocabulary head is unused (and kept frozen when it is a separate matrix).
 */
public final class SequenceClassifier extends Module {
    private final GPTModel backbone;
    private final Linear head;

    /** A fresh head for classes labels on backbone, initialised like torch.nn.Linear and fixed by seed, on the backbone's device. */
    public SequenceClassifier(GPTModel backbone, int classes, long seed) {
        this(backbone, onDevice(new Linear(backbone.config().embDim(), classes, true, new Random(seed)), backbone.device()));
    }

    // the head is drawn on the host, so a seed gives the same head on every device
    private static Linear onDevice(Linear head, Device device) {
        return new Linear(head.weight().to(device), head.bias().to(device));
    }

    /** A classifier from a backbone and an existing head, weight (classes, C) and bias (classes). */
    public SequenceClassifier(GPTModel backbone, Linear head) {
        if (head.weight().dim(1) != backbone.config().embDim() || head.weight().dim(0) < 2) {
            throw new IllegalArgumentException("the classification head " + head.weight() + " does not fit a model of width "
                    + backbone.config().embDim() + " (it needs (classes >= 2, " + backbone.config().embDim() + "))");
        }
        this.backbone = child("gpt", backbone);
        this.head = child("head", head);
    }

    public GPTModel backbone() {
        return backbone;
    }

    public Linear head() {
        return head;
    }

    public int classes() {
        return head.weight().dim(0);
    }

    // ids int32 (B, T) on any device, lengths[b] real tokens in row b (padding after them) -> logits (B, classes) on the model's device
    public Tensor forward(Tensor ids, int[] lengths) {
        int b = ids.dim(0), t = ids.dim(1);
        if (lengths.length != b) throw new IllegalArgumentException("SequenceClassifier: " + lengths.length + " lengths for " + b + " rows");
        Tensor hidden = backbone.hiddenStates(ids.to(backbone.device()));           // (B, T, C)
        List<Tensor> last = new ArrayList<>(b);
        for (int row = 0; row < b; row++) {
            int n = lengths[row];
            if (n < 1 || n > t) throw new IllegalArgumentException("SequenceClassifier: row " + row + " has length " + n + " of " + t);
            last.add(hidden.slice(0, row, row + 1).slice(1, n - 1, n));              // (1, 1, C)
        }
        Tensor features = Functional.concat(last, 0).reshape(b, hidden.dim(2));     // (B, C)
        return head.forward(features);                                               // (B, classes)
    }
}
