package jgpt.nn;

import jgpt.tensor.Functional;
import jgpt.tensor.Tensor;

/** GELU with the tanh approximation, as GPT-2 uses. */
public final class GELU extends Module implements Layer {
    @Override
    public Tensor forward(Tensor x) {
        return Functional.gelu(x);
    }
}
