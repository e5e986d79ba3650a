package jgpt.cli;

import jgpt.bench.DecodeBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jgpt bench decode}: tokens per second of batch-1 greedy generation with the KV cache. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = "Time batch-1 greedy decoding with the KV cache (32 random prompt ids, 16 warm-up tokens); prints tok/s.")
final class BenchDecodeCommand implements Runnable {
    @Option(names = "--model", defaultValue = "gpt2-small", paramLabel = "PRESET|DIR",
            description = "A model preset (random weights) or a model directory (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--tokens", defaultValue = "256", description = "New tokens in the timed run (default: ${DEFAULT-VALUE}).")
    int tokens;

    @Mixin
    DeviceOptions devices;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        DecodeBench.run(new DecodeBench.Options(model, devices.select(), tokens), spec.commandLine().getOut());
    }
}
