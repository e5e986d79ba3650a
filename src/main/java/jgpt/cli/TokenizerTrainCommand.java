package jgpt.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jgpt.tokenizer.BpeTrainer;
import jgpt.tokenizer.BpeVocabulary;
import jgpt.tokenizer.TextFiles;
import jgpt.tokenizer.VocabMergesFiles;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jgpt tokenizer train}: learns a byte-level BPE vocabulary and writes vocab.json + merges.txt. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Learn a byte-level BPE vocabulary from UTF-8 text files; writes vocab.json and merges.txt.")
final class TokenizerTrainCommand implements Runnable {
    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "FILE", description = "UTF-8 text files.")
    List<Path> inputs;

    @Option(names = "--vocab-size", required = true, paramLabel = "N",
            description = "Ids in the vocabulary: 256 bytes, the merges and the special tokens.")
    int vocabSize;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the tokenizer.")
    Path outputDir;

    @Option(names = "--special-tokens", split = ",", paramLabel = "TOKENS", defaultValue = "<|endoftext|>",
            description = "Comma-separated special tokens, given the last ids (default: <|endoftext|>).")
    List<String> specialTokens;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        int minimum = 256 + specialTokens.size();
        if (vocabSize < minimum) {
            throw new ParameterException(spec.commandLine(), "--vocab-size must be at least " + minimum
                    + " (256 byte tokens and " + specialTokens.size() + " special tokens).");
        }
        List<String> texts = new ArrayList<>();
        long chars = 0;
        for (Path input : inputs) {
            texts.add(TextFiles.readUtf8(input));
            chars += texts.getLast().length();
        }
        PrintWriter out = spec.commandLine().getOut();
        long start = System.nanoTime();
        BpeVocabulary vocabulary;
        if (System.console() == null || !System.console().isTerminal()) {
            vocabulary = BpeTrainer.train(texts, vocabSize, specialTokens, BpeTrainer.Progress.NONE);
        } else {
            try (ProgressBar bar = progressBar(vocabSize - minimum)) {
                vocabulary = BpeTrainer.train(texts, vocabSize, specialTokens, (done, total) -> bar.stepTo(done));
            }
        }
        VocabMergesFiles.write(vocabulary, outputDir);
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("Trained %d tokens (%d merges) on %,d characters in %.1f s; wrote %s and %s.%n",
                vocabulary.size(), vocabulary.mergeList().size(), chars, seconds,
                outputDir.resolve("vocab.json"), outputDir.resolve("merges.txt"));
        out.flush();
    }

    /** A bar on stderr; only for a terminal, where its redrawing line does not litter a log. */
    private static ProgressBar progressBar(int merges) {
        return new ProgressBarBuilder().setTaskName("Merges").setInitialMax(merges)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    }
}
