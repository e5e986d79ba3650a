package jgpt.io;

/** A file's contents are not what its format requires; the message is one sentence naming the file. */
public final class CorruptFileException extends RuntimeException {
    public CorruptFileException(String message) {
        super(message);
    }

    public CorruptFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
