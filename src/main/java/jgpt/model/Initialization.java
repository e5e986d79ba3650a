package jgpt.model;

/** How a new model's weights are drawn. */
public enum Initialization {
    /**
     * GPT-2's, as OpenAI's code and Hugging Face transformers draw them: weights and embeddings N(0, 0.02^2),
     * residual projections scaled by 1/sqrt(2 nLayers), biases 0.
     */
    GPT2,
    /**
     * PyTorch's module defaults, which the book's GPTModel gets by not choosing: embeddings N(0, 1), linear
     * weights and biases U(-1/sqrt(in), 1/sqrt(in)). Its chapter 5 results (a 124M model memorising a short
     * story in 10 epochs) come from this start.
     */
    PYTORCH
}
