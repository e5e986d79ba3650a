package jgpt.eval;

/** What a model answered to a prompt, with the reference answer it is scored against. */
public record ModelResponse(String prompt, String reference, String response) {
}
