package jgpt.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jgpt model ...}: commands about model configs. */
@Command(name = "model", description = "Inspect model configs.", subcommands = {ModelInfoCommand.class})
final class ModelCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
