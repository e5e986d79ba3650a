package jgpt.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jgpt finetune ...}: fine-tuning a pretrained model for a task. */
@Command(name = "finetune", mixinStandardHelpOptions = true, description = "Fine-tune a pretrained model for a task.",
        subcommands = {FinetuneClassifyCommand.class, FinetuneInstructCommand.class})
final class FinetuneCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
