package jgpt.cli;

import java.nio.file.Path;
import jgpt.model.GPTModel;
import jgpt.model.SimpleGeneration;
import jgpt.model.io.GPTCheckpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jgpt generate}: continues a prompt of token ids. */
@Command(name = "generate", description = "Continue a prompt of token ids with a model and print the ids.")
final class GenerateCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A Hugging Face GPT-2 directory or a jgpt checkpoint.")
    Path model;

    @Option(names = "--ids", required = true, paramLabel = "IDS", description = "The prompt's token ids, comma-separated, e.g. 464,2068,7586.")
    String ids;

    @Option(names = "--max-new-tokens", defaultValue = "20", paramLabel = "N", description = "How many tokens to add (default ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--greedy", description = "Pick the most likely token each step (the only decoding so far).")
    boolean greedy;

    @Option(names = "--output-ids", description = "Print the prompt and new ids, comma-separated, on one line.")
    boolean outputIds;

    @Override
    public void run() {
        if (!greedy) throw new IllegalArgumentException("only greedy decoding is available so far: add --greedy.");
        if (!outputIds) throw new IllegalArgumentException("generate prints token ids only so far: add --output-ids.");
        if (maxNewTokens < 0) throw new IllegalArgumentException("--max-new-tokens must be 0 or more, got " + maxNewTokens + ".");
        GPTModel gpt = GPTCheckpoint.load(model);
        int[] prompt = ModelOptions.ids(ids, gpt.config());
        spec.commandLine().getOut().println(ModelOptions.joined(SimpleGeneration.greedy(gpt, prompt, maxNewTokens)));
        spec.commandLine().getOut().flush();
    }
}
