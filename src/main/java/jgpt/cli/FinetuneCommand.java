package jgpt.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jgpt finetune ...}: fine-tuning a model for a task. */
@Command(name = "finetune", mixinStandardHelpOptions = true, description = "Fine-tune a model for a task.", subcommands = {FinetuneClassifyCommand.class})
final class FinetuneCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
