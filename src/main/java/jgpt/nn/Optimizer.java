package jgpt.nn;

/** Updates parameters from their gradients, like torch.optim. */
public interface Optimizer {
    /** Applies one update to every parameter that has a gradient. */
    void step();

    /** Clears the gradients of every parameter this optimizer updates. */
    void zeroGrad();

    float learningRate();

    /** Sets the learning rate of every group (schedulers call this before each step). */
    void setLearningRate(float lr);
}
