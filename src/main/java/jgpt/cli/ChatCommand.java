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
import jgpt.finetune.instruct.InstructionExample;
import jgpt.finetune.instruct.PromptTemplate;
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
 * conversation's text; with an instruction template (alpaca, the book's chapter 7 format, or phi3) each line
 * is an instruction, and the reply stops where the template's next turn would begin.
 */
@Command(name = "chat", description = "Talk to a model in the terminal (/reset forgets the conversation, /quit or an empty input at EOF ends).")
final class ChatCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model directory, checkpoint or run folder.")
    Path model;

    @Option(names = "--template", defaultValue = "plain", paramLabel = "NAME",
            description = "plain (continue the text), or an instruction template: alpaca or phi3; default ${DEFAULT-VALUE}.")
    String template;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    TokenizerOption tokenizer;

    @Mixin
    DeviceOptions devices;

    private static final String PLAIN = "plain";

    @Override
    public void run() {
        Device device = devices.select();
        PromptTemplate instructions = template.equals(PLAIN) ? null : instructionTemplate();
        GPTModel gpt = GPTCheckpoint.load(RunFolder.modelDirectory(model), device);
        var generator = new Generator(gpt, tokenizer.tokenizer());
        List<String> stops = new ArrayList<>(sampling.stop);
        if (instructions != null) stops.addAll(instructions.nextTurnMarkers());
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
            history.append(instructions != null ? instructions.prompt(new InstructionExample(line, "", "")) : line);
            var reply = generator.generate(history.toString(), config, piece -> {
                out.print(piece);
                out.flush();
            });
            out.println();
            history.append(reply.text()).append("\n\n");
        }
    }

    private PromptTemplate instructionTemplate() {
        try {
            return PromptTemplate.named(template);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--template " + template + " is not a chat template; the templates are: plain, alpaca, phi3.");
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
