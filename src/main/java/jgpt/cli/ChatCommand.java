package jgpt.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jgpt.generate.GenerationConfig;
import jgpt.generate.Generator;
import jgpt.generate.SamplingConfig;
import jgpt.model.GPTModel;
import jgpt.model.io.GPTCheckpoint;
import jgpt.train.RunFolder;
import jgpt.tensor.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jgpt chat}: an interactive loop in the terminal. With the plain template the model continues the
 * conversation's text; with alpaca each line is an instruction in the Alpaca format of the book's chapter 7.
 */
@Command(name = "chat", description = "Talk to a model in the terminal (/reset forgets the conversation, /quit or an empty input at EOF ends).")
final class ChatCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model directory, checkpoint or run folder.")
    Path model;

    @Option(names = "--template", defaultValue = "plain", description = "plain (continue the text) or alpaca (instructions); default ${DEFAULT-VALUE}.")
    Template template;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    TokenizerOption tokenizer;

    @Mixin
    DeviceOptions devices;

    enum Template { plain, alpaca }

    private static final String ALPACA = "Below is an instruction that describes a task. Write a response that appropriately completes the request.";

    @Override
    public void run() {
        Device device = devices.select();
        GPTModel gpt = GPTCheckpoint.load(RunFolder.modelDirectory(model), device);
        var generator = new Generator(gpt, tokenizer.tokenizer());
        List<String> stops = new ArrayList<>(sampling.stop);
        if (template == Template.alpaca) stops.add("\n\n### ");
        GenerationConfig config = sampling.generation(120, new SamplingConfig(0.8f, 40, 0.95f, sampling.seed), true);
        config = new GenerationConfig(config.maxNewTokens(), config.sampling(), stops, true, config.kvCache());
        PrintWriter out = spec.commandLine().getOut();
        out.println("chatting with " + model + " (" + template + " template); /reset forgets, /quit ends");
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        StringBuilder history = new StringBuilder();
        for (String line = prompt(out, in); line != null && !line.equals("/quit"); line = prompt(out, in)) {
            if (line.equals("/reset")) {
                history.setLength(0);
                out.println("(conversation forgotten)");
                continue;
            }
            history.append(template == Template.alpaca ? ALPACA + "\n\n### Instruction:\n" + line + "\n\n### Response:\n" : line);
            var reply = generator.generate(history.toString(), config, piece -> {
                out.print(piece);
                out.flush();
            });
            out.println();
            history.append(reply.text()).append("\n\n");
        }
    }

    private static String prompt(PrintWriter out, BufferedReader in) {
        out.print("> ");
        out.flush();
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the terminal: " + e.getMessage(), e);
        }
    }
}
