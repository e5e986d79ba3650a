package jgpt.cli;

import java.nio.file.Path;
import jgpt.bench.TokenizerBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jgpt bench tokenizer}: GPT-2 encode throughput on one thread. */
@Command(name = "tokenizer", mixinStandardHelpOptions = true,
        description = "Time GPT-2 tokenizer encoding (MB/s, tokens/s) of a text, by default the built-in WordNet corpus.")
final class BenchTokenizerCommand implements Runnable {
    @Option(names = "--input", paramLabel = "FILE", description = "A UTF-8 text file to encode instead of the built-in corpus.")
    Path input;

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed passes first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--passes", defaultValue = "3", description = "Timed passes; the best is reported (default: ${DEFAULT-VALUE}).")
    int passes;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        TokenizerBench.run(new TokenizerBench.Options(input, warmup, passes), spec.commandLine().getOut());
    }
}
