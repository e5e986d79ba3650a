package jgpt.cli;

import jgpt.data.wordnet.WordNet;
import jgpt.finetune.instruct.BuiltinInstructions;
import jgpt.finetune.instruct.InstructionExample;
import jgpt.finetune.instruct.InstructionFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;

/** {@code jgpt data instructions}: writes the built-in instruction data set. */
@Command(name = "instructions", mixinStandardHelpOptions = true, description = "Write the built-in instruction data set, made from WordNet 3.1: define, synonym, antonym, use in a"
                + " sentence, kind of thing; arithmetic, unit conversion, plural, past tense, spelling backwards (the same"
                + " records every time).")
final class DataInstructionsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "Where to write: the book's JSON list, or JSON lines when the name ends in .jsonl.")
    Path out;

    @Option(names = "--per-task", defaultValue = "" + BuiltinInstructions.DEFAULT_PER_TASK, paramLabel = "N",
            description = "Records of each of the ten tasks (default ${DEFAULT-VALUE}).")
    int perTask;

    @Option(names = "--seed", defaultValue = "" + BuiltinInstructions.DEFAULT_SEED, paramLabel = "N",
            description = "Which words and numbers are drawn (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public void run() {
        if (perTask < 1) throw new IllegalArgumentException("--per-task must be at least 1, got " + perTask + ".");
        List<InstructionExample> examples = BuiltinInstructions.build(WordNet.builtin(), seed, perTask);
        InstructionFiles.write(out, examples);
        spec.commandLine().getOut().println("Wrote " + examples.size() + " instruction records to " + out + ".");
    }
}
