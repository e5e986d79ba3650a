package jgpt.tensor;

/** A scope in which no op records gradients (like torch.no_grad()); close it to restore the previous mode. */
public interface NoGradScope extends AutoCloseable {
    @Override
    void close();
}
