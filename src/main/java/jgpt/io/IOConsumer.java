package jgpt.io;

import java.io.IOException;

/** Receives a resource to write to, and may fail with an {@link IOException}. */
@FunctionalInterface
public interface IOConsumer<T> {
    void accept(T target) throws IOException;
}
