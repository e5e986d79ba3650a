package jgpt.tensor;

/**
 * A Linear layer's weight (rows = out, cols = in) that a backend holds in a reduced-precision format for
 * inference ({@link Backend#packWeight}); only that backend's {@link Backend#packedLinear} reads it.
 */
public interface PackedWeight {
    WeightFormat format();

    int rows();

    int cols();
}
