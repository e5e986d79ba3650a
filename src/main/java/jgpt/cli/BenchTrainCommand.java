package jgpt.cli;

import java.util.OptionalLong;
import jgpt.backend.cuda.Precision;
import jgpt.bench.TrainingBench;
import jgpt.train.TrainingMemory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jgpt bench train}: tokens per second of full training steps of a GPT preset. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Time training steps (forward, backward, AdamW) of a GPT preset on random tokens; prints tokens/s and MFU.")
final class BenchTrainCommand implements Runnable, HeapPlan.Planned {
    @Option(names = "--model", defaultValue = "gpt2-small", description = "Model preset (default: ${DEFAULT-VALUE}).")
    String preset;

    @Mixin
    DeviceOptions devices;

    @Option(names = "--batch", defaultValue = "16", description = "Sequences per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seq", defaultValue = "1024", description = "Tokens per sequence (default: ${DEFAULT-VALUE}).")
    int seq;

    @Option(names = "--vocab", defaultValue = "0", description = "Vocabulary size; 0 keeps the preset's (default: ${DEFAULT-VALUE}).")
    int vocab;

    @Option(names = "--warmup", defaultValue = "3", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--steps", defaultValue = "10", description = "Timed steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--peak-tflops", defaultValue = "0",
            description = "Measured bf16 GEMM peak in TFLOP/s; when given, MFU is printed against it.")
    double peakTflops;

    @Option(names = "--dropout", defaultValue = "0", description = "Dropout rate while training (default: ${DEFAULT-VALUE}).")
    float dropout;

    @Option(names = "--anchor", description = "Also time PyTorch on the CPU (scripts/bench/torch_cpu_gpt.py, book-124m; needs python3 with torch).")
    boolean anchor;

    @Option(names = "--as-trainer", description = "Each step also clips the gradients, and its loss and their norm are read once the "
            + "next step is queued, as jgpt train does (one wait for the device a step).")
    boolean asTrainer;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        var options = new TrainingBench.Options(preset, devices.select(), Precision.parse(devices.precision), batch, seq, vocab, warmup, steps, peakTflops,
                dropout, anchor, asTrainer);
        TrainingBench.run(options, spec.commandLine().getOut());
    }

    @Override
    public OptionalLong heapBytes() {
        if (!devices.runsOnCpu()) return OptionalLong.empty();
        return OptionalLong.of(TrainingMemory.heapBytes(TrainingBench.config(preset, vocab, seq, dropout), batch, seq, 0));
    }
}
