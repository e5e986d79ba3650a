package jgpt.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import jgpt.generate.GenerationConfig;
import jgpt.generate.Generator;
import jgpt.generate.SamplingConfig;
import jgpt.model.GPTModel;
import jgpt.model.io.GPTCheckpoint;
import jgpt.tokenizer.Tokenizer;
import jgpt.train.RunFolder;
import jgpt.tensor.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jgpt generate}: continues a prompt (text or token ids), streaming the text as it is made. */
@Command(name = "generate", description = "Continue a prompt with a model: greedy by default, or sampled with --temperature, --top-k, --top-p.")
final class GenerateCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A Hugging Face GPT-2 directory, a jgpt checkpoint or a run folder.")
    Path model;

    @Option(names = "--prompt", paramLabel = "TEXT", description = "The prompt as text.")
    String prompt;

    @Option(names = "--ids", paramLabel = "IDS", description = "The prompt's token ids, comma-separated, e.g. 464,2068,7586.")
    String ids;

    @Option(names = "--greedy", description = "Pick the most likely token each step (the default unless --temperature is given).")
    boolean greedy;

    @Option(names = "--output-ids", description = "Print the prompt and new ids, comma-separated, on one line, instead of text.")
    boolean outputIds;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    TokenizerOption tokenizer;

    @Mixin
    DeviceOptions devices;

    @Override
    public void run() {
        Device device = devices.select();
        if ((prompt == null) == (ids == null)) throw new IllegalArgumentException("give the prompt with either --prompt TEXT or --ids IDS");
        if (greedy && sampling.temperature != null && sampling.temperature != 0) {
            throw new IllegalArgumentException("--greedy and --temperature " + sampling.temperature + " contradict each other; give one");
        }
        GPTModel gpt = GPTCheckpoint.load(RunFolder.modelDirectory(model), device);
        // token ids in, ids out: exactly --max-new-tokens ids, as the book's generate loop makes them
        GenerationConfig config = sampling.generation(20, SamplingConfig.greedy(), !outputIds);
        PrintWriter out = spec.commandLine().getOut();
        if (outputIds) {
            Tokenizer tok = prompt != null ? tokenizer.tokenizer() : null;
            int[] promptIds = prompt != null ? tok.encode(prompt, tok.specialTokens()) : ModelOptions.ids(ids, gpt.config());
            int[] made = new Generator(gpt, tok).generateIds(promptIds, config, id -> true);
            int[] all = java.util.Arrays.copyOf(promptIds, promptIds.length + made.length);
            System.arraycopy(made, 0, all, promptIds.length, made.length);
            out.println(ModelOptions.joined(all));
        } else {
            Tokenizer tok = tokenizer.tokenizer();
            String text = prompt != null ? prompt : tok.decode(ModelOptions.ids(ids, gpt.config()));
            out.print(text);
            out.flush();
            new Generator(gpt, tok).generate(text, config, piece -> {
                out.print(piece);
                out.flush();
            });
            out.println();
        }
        out.flush();
    }
}
