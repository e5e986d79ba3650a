package jgpt.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import jgpt.data.pretrain.PretrainCorpus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jgpt data pretrain-corpus --raw DIR --out DIR}: cleans the fetched pretraining sources into slices of text. */
@Command(name = "pretrain-corpus", mixinStandardHelpOptions = true, description = {
        "Clean the raw sources that scripts/data/build-pretrain-corpus.sh fetched (GCIDE, KJV, fortunes, Brown, nlp-corpus,"
                + " Europarl, SpamAssassin, WordNet) into UTF-8 text, documents joined with <|endoftext|>,"
                + " each source cut in order into slices OUT/NN/SOURCE.txt, for data prepare. Prints a table of sources."})
final class DataPretrainCorpusCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--raw", required = true, paramLabel = "DIR", description = "The fetched sources (build-pretrain-corpus.sh's DIR/raw).")
    Path raw;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to write NN/SOURCE.txt into.")
    Path out;

    @Option(names = "--chunks", defaultValue = "20", paramLabel = "N",
            description = "Slices per source (default: ${DEFAULT-VALUE}); data prepare's validation share takes the end of each.")
    int chunks;

    @Override
    public void run() {
        if (chunks < 1) throw new IllegalArgumentException("--chunks must be at least 1, got " + chunks + ".");
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf("%-14s %10s %14s%n", "source", "documents", "bytes");
        printer.flush();
        PretrainCorpus.write(raw, out, chunks, source -> {
            printer.printf("%-14s %10d %14d%n", source.name(), source.documents(), source.bytes());
            printer.flush();
        });
    }
}
