package jgpt.cli;

import jgpt.bench.DecodeBench;
import jgpt.tensor.Device;
import jgpt.tensor.WeightFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jgpt bench decode}: batch-1 greedy decoding tokens/s with the KV cache. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = "Time batch-1 greedy decoding with the KV cache (tokens/s) and the memory-bandwidth bound; --anchor adds PyTorch's.")
final class BenchDecodeCommand implements Runnable {
    @Option(names = "--model", defaultValue = "book-124m", description = "Model preset, random weights (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda (default: ${DEFAULT-VALUE}).")
    Device device;

    @Option(names = "--weights", defaultValue = "fp32", description = "fp32, bf16 or int8 Linear weights (cpu; default: ${DEFAULT-VALUE}).")
    String weights;

    @Option(names = "--prompt", defaultValue = "16", description = "Prompt tokens run before timing (default: ${DEFAULT-VALUE}).")
    int prompt;

    @Option(names = "--tokens", defaultValue = "64", description = "Timed new tokens (default: ${DEFAULT-VALUE}).")
    int tokens;

    @Option(names = "--warmup", defaultValue = "16", description = "Untimed new tokens first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--anchor", description = "Also time PyTorch (scripts/bench/torch_cpu_gpt.py, needs python3 with torch) in the same run.")
    boolean anchor;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        var options = new DecodeBench.Options(preset, device, WeightFormat.parse(weights, "--weights"), prompt, tokens, warmup, anchor);
        DecodeBench.run(options, spec.commandLine().getOut());
    }
}
