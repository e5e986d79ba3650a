package jgpt.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import jgpt.data.CorpusPreparer;
import jgpt.tokenizer.Tokenizer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jgpt data prepare}: tokenizes a corpus into token shards for {@code jgpt train --data DIR}. */
@Command(name = "prepare", description = "Tokenize text files in parallel into token shards (train and validation splits).")
final class DataPrepareCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    TokenizerOption tokenizer;

    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "PATH", description = "Text files or directories (each file is a document).")
    List<Path> inputs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the shards and dataset.json go.")
    Path out;

    @Option(names = "--validation-ratio", defaultValue = "0.1", description = "The corpus's last share held out for validation (default ${DEFAULT-VALUE}).")
    double validationRatio;

    @Option(names = "--threads", description = "Tokenizing threads (default: one per core).")
    Integer threads;

    @Option(names = "--shard-tokens", defaultValue = "33554432", description = "Tokens per shard file (default ${DEFAULT-VALUE}).")
    int shardTokens;

    @Override
    public void run() {
        Tokenizer tok = tokenizer.tokenizer();
        int endOfText = tok.endOfTextId().orElseThrow(() -> new IllegalArgumentException(
                "the tokenizer " + tokenizer.name() + " has no <|endoftext|> token to join documents with"));
        var defaults = CorpusPreparer.Options.defaults();
        var options = new CorpusPreparer.Options(threads != null ? threads : defaults.threads(), validationRatio, shardTokens, defaults.pieceBytes());
        var encoder = new CorpusPreparer.Encoder(tokenizer.name(), text -> tok.encode(text, tok.specialTokens()), tok.vocabSize(), endOfText);
        List<Path> files = CorpusPreparer.expandInputs(inputs);
        long total = CorpusPreparer.totalBytes(files);
        PrintWriter console = spec.commandLine().getOut();
        console.printf("tokenizing %,d file(s), %,d bytes, on %d threads%n", files.size(), total, options.threads());
        console.flush();
        try (ProgressBar bar = TrainingProgress.isTerminal() ? new ProgressBarBuilder().setTaskName("prepare").setInitialMax(total)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUnit(" MB", 1 << 20).showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build() : null) {
            var manifest = CorpusPreparer.prepare(files, out, encoder, options, done -> {
                if (bar != null) bar.stepTo(done);
            });
            if (bar != null) bar.close();
            var train = manifest.splits().get("train");
            var validation = manifest.splits().get("validation");
            console.printf("%,d documents: %,d training tokens in %d shard(s), %,d validation tokens in %d shard(s), in %s%n",
                    manifest.documents(), train.tokens(), train.shards().size(), validation.tokens(), validation.shards().size(), out);
            console.printf("train on it with: jgpt train --data %s%s%n", out, tokenizer.name().equals("gpt2") ? "" : " --tokenizer " + tokenizer.name());
        }
    }
}
