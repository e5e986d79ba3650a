package jgpt.tensor;

/** One recorded op on the autograd tape: its inputs and how to turn the output's gradient into theirs. */
record Node(String op, Tensor[] inputs, Backward backward) {

    /** Maps the gradient of the op's output to one gradient per input (null for inputs that need none). */
    @FunctionalInterface
    interface Backward {
        Tensor[] apply(Tensor gradOutput);
    }
}
