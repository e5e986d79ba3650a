package jgpt.tensor;

/** A flat buffer of elements owned by one backend; tensors are views onto it. */
public interface Storage {
    Backend backend();

    DType dtype();

    /** Number of elements. */
    int size();
}
