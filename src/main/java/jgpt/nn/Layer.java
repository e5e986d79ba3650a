package jgpt.nn;

import jgpt.tensor.Tensor;

/** A module that maps one tensor to another. */
public interface Layer {
    Tensor forward(Tensor x);
}
