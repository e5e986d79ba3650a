package jgpt.generate;

import java.util.List;

/**
 * What to generate: up to maxNewTokens ids chosen by sampling, stopping early at the end-of-text id (when
 * stopAtEndOfText) or once the text contains one of stopStrings. With kvCache off, every token recomputes
 * the whole context (the book's generate_text_simple); the tokens are the same either way.
 */
public record GenerationConfig(int maxNewTokens, SamplingConfig sampling, List<String> stopStrings, boolean stopAtEndOfText,
                               boolean kvCache) {
    public GenerationConfig {
        if (maxNewTokens < 0) throw new IllegalArgumentException("--max-new-tokens must be 0 or more, got " + maxNewTokens);
        stopStrings = List.copyOf(stopStrings);
        if (stopStrings.contains("")) throw new IllegalArgumentException("--stop strings must not be empty");
    }

    /** Greedy decoding of maxNewTokens ids with the KV cache, stopping at end of text. */
    public static GenerationConfig greedy(int maxNewTokens) {
        return new GenerationConfig(maxNewTokens, SamplingConfig.greedy(), List.of(), true, true);
    }

    public GenerationConfig withSampling(SamplingConfig s) {
        return new GenerationConfig(maxNewTokens, s, stopStrings, stopAtEndOfText, kvCache);
    }
}
