package jgpt.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import jgpt.data.BuiltinCorpus;
import jgpt.tokenizer.Tokenizer;
import jgpt.tokenizer.Tokenizers;

/**
 * GPT-2 tokenizer encode throughput on one thread: the best of several passes of encodeOrdinary over a text
 * (the built-in WordNet corpus unless a file is given). JMH figures against JTokkit, and tiktoken's, are in
 * docs/BENCHMARKS.md (scripts/bench-tokenizer.sh): JTokkit is a test-scope library, not part of the jar.
 */
public final class TokenizerBench {
    private TokenizerBench() {
    }

    /** @param input a UTF-8 text file, or null for the built-in corpus */
    public record Options(Path input, int warmup, int passes) {
        public Options {
            if (warmup < 0 || passes < 1) throw new IllegalArgumentException("--warmup must be >= 0 and --passes >= 1.");
        }
    }

    /** Megabytes of UTF-8 and tokens encoded per second. */
    public record Result(double megabytesPerSecond, double tokensPerSecond) {
    }

    public static Result run(Options options, PrintWriter out) {
        out.println("machine  " + MachineInfo.describe(1));
        String text = options.input() == null ? BuiltinCorpus.text("wordnet") : read(options.input());
        double megabytes = text.getBytes(StandardCharsets.UTF_8).length / 1e6;
        Tokenizer tokenizer = Tokenizers.gpt2();
        out.printf("input    %s: %.2f MB of UTF-8%n", options.input() == null ? "built-in WordNet corpus" : options.input(), megabytes);
        out.flush();
        int tokens = 0;
        for (int i = 0; i < options.warmup(); i++) tokens = tokenizer.encodeOrdinary(text).length;
        long best = Long.MAX_VALUE;
        for (int i = 0; i < options.passes(); i++) {
            long start = System.nanoTime();
            tokens = tokenizer.encodeOrdinary(text).length;
            best = Math.min(best, System.nanoTime() - start);
        }
        var result = new Result(megabytes / best * 1e9, tokens / (best / 1e9));
        out.printf("TOKENIZE jgpt gpt2 encodeOrdinary, 1 thread: %.1f MB/s, %,.0f tokens/s (%,d tokens, best of %d passes)%n",
                result.megabytesPerSecond(), result.tokensPerSecond(), tokens, options.passes());
        out.println("memory   " + MachineInfo.peakMemory());
        out.flush();
        return result;
    }

    private static String read(Path input) {
        try {
            return Files.readString(input, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("--input: cannot read " + input + " as UTF-8 text (" + e.getMessage() + ").", e);
        }
    }
}
