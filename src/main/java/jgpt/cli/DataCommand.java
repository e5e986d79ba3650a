package jgpt.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jgpt data}: the group of data commands ({@code prepare}, {@code spam}, {@code instructions}, {@code builtin}, {@code pretrain-corpus}). */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Prepare training data.",
        subcommands = {DataPrepareCommand.class, DataSpamCommand.class, DataInstructionsCommand.class, DataBuiltinCommand.class,
                DataPretrainCorpusCommand.class})
final class DataCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
