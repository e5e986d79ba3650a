package jgpt.tensor;

/** The activation a fused linear layer applies after its bias ({@link Backend#linearForward}). */
public enum Activation {
    NONE,
    /** GELU, tanh approximation (GPT-2's "gelu_new"), as {@link Backend#geluForward}. */
    GELU
}
