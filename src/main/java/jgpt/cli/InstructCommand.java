package jgpt.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jgpt instruct ...}: instruction-following models' responses, and how good they are. */
@Command(name = "instruct", description = "Generate and evaluate an instruction model's responses.",
        subcommands = {InstructGenerateCommand.class, InstructScoreCommand.class, InstructJudgeCommand.class})
final class InstructCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
