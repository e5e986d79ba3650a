package jgpt.cli;

import java.util.List;
import jgpt.generate.GenerationConfig;
import jgpt.generate.SamplingConfig;
import picocli.CommandLine.Option;

/** Decoding flags shared by {@code generate} and {@code chat}; each command brings its own defaults. */
final class SamplingOptions {
    @Option(names = "--temperature", paramLabel = "T", description = "0 = greedy; higher = more varied.")
    Float temperature;

    @Option(names = "--top-k", paramLabel = "K", description = "Sample among the K likeliest tokens; 0 = all.")
    Integer topK;

    @Option(names = "--top-p", paramLabel = "P", description = "Sample among the likeliest tokens whose probabilities reach P.")
    Float topP;

    @Option(names = "--seed", defaultValue = "123", paramLabel = "N", description = "Seed of the sampler (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-new-tokens", paramLabel = "N", description = "Most tokens to add.")
    Integer maxNewTokens;

    @Option(names = "--stop", paramLabel = "TEXT", description = "Stop when the text contains TEXT (repeatable).")
    List<String> stop = List.of();

    @Option(names = "--no-cache", description = "Recompute the whole context for every token instead of using the KV cache.")
    boolean noCache;

    /** The generation these flags ask for, over the given defaults. */
    GenerationConfig generation(int defaultMaxNewTokens, SamplingConfig defaults, boolean stopAtEndOfText) {
        var sampling = new SamplingConfig(temperature != null ? temperature : defaults.temperature(), topK != null ? topK : defaults.topK(),
                topP != null ? topP : defaults.topP(), seed);
        return new GenerationConfig(maxNewTokens != null ? maxNewTokens : defaultMaxNewTokens, sampling, stop, stopAtEndOfText, !noCache);
    }
}
