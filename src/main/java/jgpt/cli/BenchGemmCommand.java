package jgpt.cli;

import java.util.List;
import java.util.Locale;
import jgpt.bench.GemmBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jgpt bench gemm}: matrix multiplication speed at GPT-2 shapes, on the CPU or the GPU. */
@Command(name = "gemm", mixinStandardHelpOptions = true,
        description = "Time matrix multiplication: float32 GFLOP/s on the CPU (--anchor adds NumPy's figures), "
                + "or ms per call on the GPU in the chosen --precision.")
final class BenchGemmCommand implements Runnable {
    @Option(names = "--shapes", split = ",", paramLabel = "MxKxN",
            description = "Comma-separated shapes C(MxN) = A(MxK) B(KxN) (default: ${DEFAULT-VALUE}).",
            defaultValue = "512x768x3072,512x3072x768,512x768x50257")
    List<String> shapes;

    @Option(names = "--trans", paramLabel = "NN|NT|TN|TT", defaultValue = "NN",
            description = "Transposes of A and B as stored; NT is a Linear layer's forward (default: ${DEFAULT-VALUE}).")
    String trans;

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed iterations first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--iters", defaultValue = "5", description = "Timed iterations; the best is reported (default: ${DEFAULT-VALUE}).")
    int iters;

    @Option(names = "--anchor", description = "Also time NumPy's matmul (python3 scripts/bench/gemm_anchor.py) in the same run.")
    boolean anchor;

    @Mixin
    DeviceOptions devices;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        var parsed = shapes.stream().map(GemmBench.Shape::parse).toList();
        GemmBench.run(new GemmBench.Options(parsed, trans.toUpperCase(Locale.ROOT), warmup, iters, anchor, devices.select()),
                spec.commandLine().getOut());
    }
}
