package jgpt.model;

import jgpt.nn.Layer;
import jgpt.nn.Linear;
import jgpt.nn.Module;
import jgpt.tensor.Tensor;

/** The book's FeedForward: expand C to 4C, GELU, project back to C; the expansion and its GELU run as one fused op. */
public final class FeedForward extends Module implements Layer {
    private final Linear fc;
    private final Linear proj;

    FeedForward(GPTConfig config, WeightInit init) {
        int c = config.embDim();
        this.fc = child("fc", init.linear(c, 4 * c, true));
        this.proj = child("proj", init.residualProjection(4 * c, c));
    }

    // x (B, T, C) -> (B, T, C)
    @Override
    public Tensor forward(Tensor x) {
        return proj.forward(fc.forwardGelu(x));
    }
}
