package jgpt.cli;

import jgpt.bench.DecodeBench;
import jgpt.tensor.WeightFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jgpt bench decode}: tokens per second of batch-1 greedy generation with the KV cache. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = "Time batch-1 greedy decoding with the KV cache (32 random prompt ids, 320 warm-up tokens); prints tok/s; on the cpu also the memory-bandwidth bound.")
final class BenchDecodeCommand implements Runnable {
    @Option(names = "--model", defaultValue = "gpt2-small", paramLabel = "PRESET|DIR",
            description = "A model preset (random weights) or a model directory (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--tokens", defaultValue = "256", description = "New tokens in the timed run (default: ${DEFAULT-VALUE}).")
    int tokens;

    @Mixin
    DeviceOptions devices;

    @Option(names = "--weights", defaultValue = "fp32",
            description = "fp32, bf16 or int8 (per-row scaled) Linear weights; bf16 and int8 on the cpu (default: ${DEFAULT-VALUE}).")
    String weights;

    @Option(names = "--anchor", description = "Also time PyTorch on the CPU (scripts/bench/torch_cpu_gpt.py, book-124m; needs python3 with torch).")
    boolean anchor;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        DecodeBench.run(new DecodeBench.Options(model, devices.select(), tokens,
                WeightFormat.parse(weights, "--weights"), anchor), spec.commandLine().getOut());
    }
}
