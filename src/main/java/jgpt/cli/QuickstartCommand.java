package jgpt.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jgpt.backend.cpu.CpuBackend;
import jgpt.generate.GenerationConfig;
import jgpt.generate.Generator;
import jgpt.generate.SamplingConfig;
import jgpt.model.GPTConfig;
import jgpt.model.GPTModel;
import jgpt.model.Initialization;
import jgpt.model.io.GPTCheckpoint;
import jgpt.tensor.Device;
import jgpt.tokenizer.Tokenizers;
import jgpt.train.RunConfig;
import jgpt.train.RunFolder;
import jgpt.train.TrainConfig;
import jgpt.train.Trainer;
import jgpt.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jgpt quickstart}: trains a small GPT for a few minutes (on --device, auto by default) on the WordNet
 * glosses built into the jar, writes a run folder and prints samples. Run again, it offers to continue the same run.
 */
@Command(name = "quickstart", description = "Train a small GPT for a few minutes on built-in text (on the GPU when one is usable, else the CPU), then print samples.")
final class QuickstartCommand implements Runnable {
    /** 4 blocks of 256 channels, context 128, GPT-2's tokenizer with the head tied to the embedding: 16M parameters. */
    static final GPTConfig MODEL = new GPTConfig(50257, 128, 256, 4, 4, 0f, false, true);
    static final List<String> PROMPTS = List.of("music:", "dog, domestic dog:", "happy:");

    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "runs/quickstart", paramLabel = "DIR", description = "The run folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--minutes", defaultValue = "5", description = "How long to train (default ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--fresh", description = "Start over even if the run folder holds a run.")
    boolean fresh;

    @Option(names = "--resume", description = "Continue the run in the folder without asking.")
    boolean resume;

    @Mixin
    DeviceOptions devices;

    @Override
    public void run() {
        if (fresh && resume) throw new IllegalArgumentException("--fresh and --resume contradict each other; give one");
        if (!(minutes > 0)) throw new IllegalArgumentException("--minutes must be positive, got " + minutes);
        PrintWriter console = spec.commandLine().getOut();
        Duration budget = Duration.ofMillis((long) (minutes * 60_000));
        Device device = devices.select();
        boolean continuing = decideResume(console);
        console.printf("jgpt quickstart: a GPT of %d layers, %d heads, %d dims, context %d (%,d parameters), GPT-2 tokenizer,%n",
                MODEL.nLayers(), MODEL.nHeads(), MODEL.embDim(), MODEL.contextLength(), MODEL.parameterCount());
        console.printf("trained on WordNet 3.1's glosses (built in) for %s on %s; run folder %s%n", TrainingProgress.minutes(budget),
                device == Device.CPU ? CpuBackend.get().threads() + " CPU threads" : "the GPU (" + devices.precision + ")", out);
        console.flush();
        Trainer.Result result;
        try (var progress = new TrainingProgress(console, budget)) {
            Trainer trainer = continuing ? TrainingRun.resume(out, progress, device) : TrainingRun.start(runConfig(), out, progress, device);
            try (var stop = Interrupts.onFirstInterrupt(trainer::requestStop)) {
                result = trainer.run(budget);
            }
            progress.close();
            progress.line("trained to step %,d (%,d tokens seen): train loss %.3f, val loss %.3f; run folder %s (config.json, metrics.jsonl, loss.png, %s)"
                    .formatted(result.steps(), result.tokensSeen(), result.trainLoss(), result.validationLoss(), out,
                            out.relativize(result.checkpoint())));
        }
        printSamples(console, result.checkpoint(), device);
        console.printf("%nnext: ./jgpt chat --model %s   or   ./jgpt generate --model %s --prompt \"music:\" --temperature 0.8 --top-k 40%n", out, out);
        console.printf("run ./jgpt quickstart again to continue training this model%n");
        console.flush();
    }

    static RunConfig runConfig() {
        var train = new TrainConfig(8, 1, 0, 0.02, 0, 1_000_000, 1e-3f, 1e-3f, 20, false, 0.1f, 0.9f, 0.95f, 1.0f,
                50, 4, 100, 1, "music:", 16, 123);
        return new RunConfig(MODEL, train, "gpt2", List.of("builtin:wordnet"), null, Initialization.GPT2);
    }

    // true to continue the run in out; asks on a terminal, continues when there is none to ask
    private boolean decideResume(PrintWriter console) {
        if (!RunFolder.isRun(out) || RunFolder.open(out).latestCheckpoint().isEmpty()) return false;
        if (fresh || resume) {
            if (fresh) RunFolder.deleteTree(out);
            return resume;
        }
        if (!TrainingProgress.isTerminal()) {
            console.println(out + " holds an earlier quickstart run; continuing it (--fresh starts over)");
            return true;
        }
        console.print(out + " holds an earlier quickstart run. Resume it? [Y/n] ");
        console.flush();
        String answer = readLine();
        boolean yes = answer == null || answer.isBlank() || answer.strip().toLowerCase().startsWith("y");
        if (!yes) RunFolder.deleteTree(out);
        return yes;
    }

    private static String readLine() {
        try {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            return null;
        }
    }

    private static void printSamples(PrintWriter console, Path checkpoint, Device device) {
        GPTModel model = GPTCheckpoint.load(checkpoint, device);
        var generator = new Generator(model, Tokenizers.gpt2());
        var config = GenerationConfig.greedy(40).withSampling(new SamplingConfig(0.8f, 40, 0.95f, 42));
        config = new GenerationConfig(config.maxNewTokens(), config.sampling(), List.of("\n"), true, true);
        console.printf("%nsamples (temperature 0.8, top-k 40):%n");
        for (String prompt : PROMPTS) {
            console.print("  " + prompt);
            console.flush();
            generator.generate(prompt, config, piece -> {
                console.print(piece);
                console.flush();
            });
            console.println();
        }
    }
}
