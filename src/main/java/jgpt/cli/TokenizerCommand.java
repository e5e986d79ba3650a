package jgpt.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jgpt tokenizer}: the group of tokenizer commands ({@code train}). */
@Command(name = "tokenizer", mixinStandardHelpOptions = true,
        description = "Train byte-level BPE tokenizers.",
        subcommands = TokenizerTrainCommand.class)
final class TokenizerCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
