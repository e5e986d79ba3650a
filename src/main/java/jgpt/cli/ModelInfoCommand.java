package jgpt.cli;

import java.io.PrintWriter;
import jgpt.model.GPTConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jgpt model info --config X}: a model's shape, parameter counts and weight memory. */
@Command(name = "info", description = "Show a model config's shape, parameter count (head tied and untied) and memory.")
final class ModelInfoCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "X",
            description = "A preset (gpt2-small, gpt2-medium, gpt2-large, gpt2-xl, book-124m), a config.json or a model directory.")
    String config;

    @Override
    public void run() {
        GPTConfig c = ModelOptions.config(config);
        PrintWriter out = spec.commandLine().getOut();
        long own = c.parameterCount(), other = c.parameterCount(!c.tiedHead());
        out.printf("config       %s%n", config);
        out.printf("vocabulary   %d tokens%n", c.vocabSize());
        out.printf("context      %d positions%n", c.contextLength());
        out.printf("embedding    %d channels, %d heads of %d%n", c.embDim(), c.nHeads(), c.headDim());
        out.printf("layers       %d%n", c.nLayers());
        out.printf("drop rate    %s%n", c.dropRate());
        out.printf("qkv bias     %s%n", c.qkvBias() ? "yes" : "no");
        out.printf("parameters   %,d with the output head %s%n", own, c.tiedHead() ? "tied to the token embedding" : "separate");
        out.printf("             %,d with the output head %s (%+,d)%n", other, c.tiedHead() ? "separate" : "tied", other - own);
        out.printf("weights      %s in float32, %s in bf16%n", size(own * 4), size(own * 2));
        out.printf("training     %s in float32 for weights, gradients and AdamW's two moments, before activations%n", size(own * 16));
        out.flush();
    }

    private static String size(long bytes) {
        return bytes < 1L << 30 ? String.format("%.1f MiB", bytes / (double) (1 << 20)) : String.format("%.2f GiB", bytes / (double) (1L << 30));
    }
}
