package jgpt.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import jgpt.backend.cuda.Precision;
import jgpt.model.GPTConfig;
import jgpt.model.Initialization;
import jgpt.train.RunConfig;
import jgpt.train.RunFolder;
import jgpt.train.TrainConfig;
import jgpt.train.Trainer;
import jgpt.train.TrainingMemory;
import jgpt.train.TrainingRun;
import jgpt.tensor.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jgpt train}: pretraining with a run folder, resumable. */
@Command(name = "train", description = "Pretrain a GPT model on text, keeping config, metrics, loss plot and checkpoints in a run folder.")
final class TrainCommand implements Runnable, HeapPlan.Planned {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelShapeOptions shape;

    @Mixin
    TokenizerOption tokenizer;

    @Mixin
    DeviceOptions devices;

    @Option(names = "--data", arity = "1..*", paramLabel = "PATH",
            description = "Text files or directories, a directory made by 'jgpt data prepare', or builtin:wordnet.")
    List<String> data;

    @Option(names = "--out", defaultValue = "runs/train", paramLabel = "DIR", description = "The run folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the run in DIR from its newest checkpoint, with its own settings.")
    Path resume;

    @Option(names = "--init", paramLabel = "DIR", description = "Start from the weights of a model directory, checkpoint or run folder.")
    Path init;

    @Option(names = "--weight-init", defaultValue = "gpt2",
            description = "A fresh model's weights: gpt2 (N(0, 0.02)) or pytorch (torch's defaults, as the book's chapter 5); default ${DEFAULT-VALUE}.")
    Initialization weightInit;

    @Option(names = "--batch-size", defaultValue = "2", description = "Windows per micro-batch (default ${DEFAULT-VALUE}).")
    int batchSize;
    @Option(names = "--grad-accumulation", defaultValue = "1", description = "Micro-batches per optimizer step (default ${DEFAULT-VALUE}).")
    int gradAccumulation;
    @Option(names = "--stride", defaultValue = "0", description = "Tokens between window starts; 0 = the context length (default).")
    int stride;
    @Option(names = "--validation-ratio", defaultValue = "0.1", description = "Share of a text corpus held out (default ${DEFAULT-VALUE}).")
    double validationRatio;
    @Option(names = "--epochs", defaultValue = "10", description = "Passes over the data (default ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--max-steps", defaultValue = "0", description = "Optimizer steps; 0 = as many as --epochs need (default).")
    long maxSteps;
    @Option(names = "--max-minutes", defaultValue = "0", description = "Stop (with a checkpoint) after this long; 0 = no limit.")
    double maxMinutes;
    @Option(names = "--stop-after", paramLabel = "STEPS", description = "Stop with a checkpoint after this many steps (continue with --resume).")
    Long stopAfter;
    @Option(names = "--lr", defaultValue = "4e-4", description = "Peak learning rate (default ${DEFAULT-VALUE}).")
    float lr;
    @Option(names = "--min-lr", description = "Where the cosine decay ends (default --lr / 10).")
    Float minLr;
    @Option(names = "--warmup-steps", defaultValue = "0", description = "Linear warmup steps (default ${DEFAULT-VALUE}).")
    int warmupSteps;
    @Option(names = "--schedule", defaultValue = "cosine", description = "cosine (decay to --min-lr) or constant (default ${DEFAULT-VALUE}).")
    Schedule schedule;
    @Option(names = "--weight-decay", defaultValue = "0.1", description = "AdamW weight decay (default ${DEFAULT-VALUE}).")
    float weightDecay;
    @Option(names = "--grad-clip", defaultValue = "1.0", description = "Global gradient norm limit; 0 = off (default ${DEFAULT-VALUE}).")
    float gradClip;
    @Option(names = "--eval-every", defaultValue = "5", description = "Evaluate and sample every N steps (default ${DEFAULT-VALUE}).")
    int evalEvery;
    @Option(names = "--eval-batches", defaultValue = "5", description = "Batches per split in an evaluation (default ${DEFAULT-VALUE}).")
    int evalBatches;
    @Option(names = "--checkpoint-every", defaultValue = "0", description = "Checkpoint every N steps; 0 = only at the end (default).")
    int checkpointEvery;
    @Option(names = "--keep-checkpoints", defaultValue = "1", description = "Newest checkpoints to keep (default ${DEFAULT-VALUE}).")
    int keepCheckpoints;
    @Option(names = "--sample-prompt", defaultValue = "Every effort moves you", description = "Prompt of the samples (default: ${DEFAULT-VALUE}).")
    String samplePrompt;
    @Option(names = "--sample-tokens", defaultValue = "50", description = "Tokens per sample; 0 = none (default ${DEFAULT-VALUE}).")
    int sampleTokens;
    @Option(names = "--seed", defaultValue = "123", description = "Seed of initialisation, shuffling and dropout (default ${DEFAULT-VALUE}).")
    long seed;

    enum Schedule { cosine, constant }

    @Override
    public void run() {
        Duration budget = maxMinutes > 0 ? Duration.ofMillis((long) (maxMinutes * 60_000)) : null;
        Device device = devices.select();
        try (var progress = new TrainingProgress(spec.commandLine().getOut(), budget)) {
            if (device == Device.CUDA && Precision.parse(devices.precision) == Precision.FP32) {
                progress.line("note: training in float32 on the GPU; --precision bf16 (mixed precision, as PyTorch's autocast) "
                        + "is several times faster");
            }
            Trainer trainer = resume != null ? resumed(progress, device) : started(progress, device);
            Trainer.Result result;
            try (var stop = Interrupts.onFirstInterrupt(() -> {
                progress.line("stopping: finishing this step and saving a checkpoint (Ctrl-C again quits at once)");
                trainer.requestStop();
            })) {
                result = trainer.run(budget, stopAfter != null ? stopAfter : Long.MAX_VALUE);
            }
            progress.close();
            report(progress, result, resume != null ? resume : out);
        }
    }

    private Trainer resumed(TrainingProgress progress, Device device) {
        if (data != null || shape.given() || init != null) {
            throw new IllegalArgumentException("--resume continues a run with its own settings; leave out --data, --init and the model flags");
        }
        return TrainingRun.resume(resume, progress, device);
    }

    private Trainer started(TrainingProgress progress, Device device) {
        if (data == null) throw new IllegalArgumentException("give the training text with --data (text files, a prepared directory or builtin:wordnet)");
        Path initDir = init == null ? null : RunFolder.modelDirectory(init);
        GPTConfig model = initDir != null && !shape.given()
                ? shape.withDropRate(TrainingRun.initConfig(initDir))
                : shape.resolve(GPTConfig.preset("book-124m"));
        var train = new TrainConfig(batchSize, gradAccumulation, stride, validationRatio, maxSteps > 0 ? 0 : epochs, maxSteps,
                lr, minLr != null ? minLr : lr / 10, warmupSteps, schedule == Schedule.cosine, weightDecay, 0.9f, 0.999f, gradClip,
                evalEvery, evalBatches, checkpointEvery, keepCheckpoints, samplePrompt, sampleTokens, seed);
        var config = new RunConfig(model, train, tokenizer.name(), data, initDir == null ? null : initDir.toString(), weightInit);
        return TrainingRun.start(config, out, progress, device);
    }

    /** The heap of this run; empty on the GPU, or with --init, whose model shape is known only from its checkpoint. */
    @Override
    public OptionalLong heapBytes() {
        if (!devices.runsOnCpu()) return OptionalLong.empty();
        if (resume != null) {
            RunConfig run = RunFolder.open(resume).readConfig();
            return OptionalLong.of(heapBytes(run.model(), run.train().batchSize(), run.data()));
        }
        if (init != null || data == null) return OptionalLong.empty();
        return OptionalLong.of(heapBytes(shape.resolve(GPTConfig.preset("book-124m")), batchSize, data));
    }

    private static long heapBytes(GPTConfig model, int batch, List<String> data) {
        return TrainingMemory.heapBytes(model, batch, model.contextLength(), TrainingMemory.fileBytes(data));
    }

    static void report(TrainingProgress progress, Trainer.Result r, Path run) {
        String how = switch (r.outcome()) {
            case FINISHED -> "finished";
            case TIME_UP -> "reached its time limit";
            case STOPPED -> "stopped";
        };
        progress.line("training %s at step %,d of %,d (%,d tokens); train loss %.3f, val loss %.3f".formatted(how, r.steps(), r.totalSteps(),
                r.tokensSeen(), r.trainLoss(), r.validationLoss()));
        progress.line("run folder " + run + ": config.json, metrics.jsonl, loss.png, checkpoint " + r.checkpoint().getFileName());
        if (r.outcome() != Trainer.Outcome.FINISHED) progress.line("continue with: jgpt train --resume " + run);
    }
}
