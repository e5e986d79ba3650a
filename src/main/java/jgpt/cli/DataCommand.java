package jgpt.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jgpt data ...}: commands that prepare datasets. */
@Command(name = "data", description = "Prepare datasets.", subcommands = {DataSpamCommand.class})
final class DataCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
