package jgpt.cli;

import java.nio.file.Path;
import jgpt.io.RawArrays;
import jgpt.model.GPTModel;
import jgpt.model.io.GPTCheckpoint;
import jgpt.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jgpt logits}: writes a model's logits for every position of a sequence of ids. */
@Command(name = "logits", description = "Write a model's logits for every position: T x vocab little-endian float32, row-major.")
final class LogitsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A Hugging Face GPT-2 directory or a jgpt checkpoint.")
    Path model;

    @Option(names = "--ids", required = true, paramLabel = "IDS", description = "Token ids, comma-separated, e.g. 464,2068,7586.")
    String ids;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the logits.")
    Path out;

    @Override
    public void run() {
        GPTModel gpt = GPTCheckpoint.load(model);
        int[] tokens = ModelOptions.ids(ids, gpt.config());
        if (tokens.length > gpt.config().contextLength()) {
            throw new IllegalArgumentException("--ids holds " + tokens.length + " ids, more than the context length of " + model + " ("
                    + gpt.config().contextLength() + ").");
        }
        gpt.eval();
        float[] logits;
        try (var noGrad = Tensor.noGrad()) {
            logits = gpt.forward(Tensor.ofInts(tokens, 1, tokens.length)).toFloatArray();
        }
        RawArrays.writeFloats(out, logits);
        spec.commandLine().getOut().printf("wrote %d x %d float32 logits to %s%n", tokens.length, gpt.config().vocabSize(), out);
        spec.commandLine().getOut().flush();
    }
}
