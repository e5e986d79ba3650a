package jgpt.eval;

/** The judge could not give a reply: unreachable after every retry, or a refusal such as a wrong model or key. */
public final class JudgeException extends RuntimeException {
    public JudgeException(String message) {
        super(message);
    }
}
