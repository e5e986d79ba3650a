package jgpt.cli;

import java.nio.file.Path;
import jgpt.io.SafeDType;
import jgpt.model.GPTModel;
import jgpt.model.io.GPTCheckpoint;
import jgpt.train.RunFolder;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jgpt export}: writes a model directory for Hugging Face transformers or jgpt. */
@Command(name = "export", description = "Write a model as a Hugging Face GPT-2 directory (--format hf) or a jgpt checkpoint.")
final class ExportCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @ArgGroup(multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--model", required = true, paramLabel = "DIR", description = "The model to export (HF GPT-2 directory, jgpt checkpoint or run folder: its newest checkpoint).")
        Path model;

        @Option(names = "--config", required = true, paramLabel = "X", description = "Export a freshly initialised model of this preset or config.json.")
        String config;
    }

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of the initialisation with --config (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The directory to write (created if needed).")
    Path out;

    @Option(names = "--format", defaultValue = "jgpt", paramLabel = "F", description = "hf or jgpt (default ${DEFAULT-VALUE}).")
    GPTCheckpoint.Format format;

    @Option(names = "--dtype", defaultValue = "f32", paramLabel = "T", description = "f32, bf16 or f16 (default ${DEFAULT-VALUE}).")
    String dtype;

    @Override
    public void run() {
        SafeDType stored = switch (dtype.toLowerCase()) {
            case "f32" -> SafeDType.F32;
            case "bf16" -> SafeDType.BF16;
            case "f16" -> SafeDType.F16;
            default -> throw new IllegalArgumentException("--dtype must be f32, bf16 or f16, got '" + dtype + "'.");
        };
        GPTModel model = source.model != null ? GPTCheckpoint.load(RunFolder.modelDirectory(source.model)) : new GPTModel(ModelOptions.config(source.config), seed);
        GPTCheckpoint.save(model, out, format, stored);
        spec.commandLine().getOut().printf("wrote %,d parameters to %s (%s format, %s)%n", model.parameterCount(), out,
                format.name().toLowerCase(), stored);
        spec.commandLine().getOut().flush();
    }
}
