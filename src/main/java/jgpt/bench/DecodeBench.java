package jgpt.bench;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.Random;
import jgpt.backend.cpu.CpuBackend;
import jgpt.model.GPTConfig;
import jgpt.model.GPTModel;
import jgpt.model.KVCache;
import jgpt.tensor.Device;
import jgpt.tensor.Tensor;
import jgpt.tensor.WeightFormat;

/**
 * Times batch-1 greedy decoding with the KV cache, the way scripts/bench/torch_cpu_gpt.py times PyTorch: a
 * random prompt is run through the model first, then the time of newTokens single-token steps (each one
 * forward pass over one position and an argmax over the vocabulary) over their number. Decoding streams
 * every weight once per token, so it also prints the bound that the memory bandwidth, measured in the same
 * run, puts on it.
 */
public final class DecodeBench {
    private DecodeBench() {
    }

    public record Options(String preset, Device device, WeightFormat weights, int promptTokens, int newTokens, int warmup,
                          boolean anchor) {
        public Options {
            if (promptTokens < 1 || newTokens < 1 || warmup < 0) {
                throw new IllegalArgumentException("--prompt and --tokens must be at least 1 and --warmup at least 0");
            }
            if (device != Device.CPU && weights != WeightFormat.FP32) {
                throw new IllegalArgumentException("--weights " + weights.name().toLowerCase() + " needs --device cpu");
            }
        }
    }

    /** What one run measured; bandwidth in bytes per second (0 when not measured). */
    public record Result(double tokensPerSecond, double bytesPerToken, double bandwidth, long peakMemoryBytes) {
        /** The tokens per second that reading bytesPerToken at the measured bandwidth allows. */
        public double boundTokensPerSecond() {
            return bandwidth / bytesPerToken;
        }
    }

    public static Result run(Options options, PrintWriter out) {
        GPTConfig config = GPTConfig.preset(options.preset());
        if (options.promptTokens() + options.warmup() + options.newTokens() > config.contextLength()) {
            throw new IllegalArgumentException("--prompt, --warmup and --tokens add up to more than the context length of "
                    + config.contextLength());
        }
        int threads = CpuBackend.get().threads();
        out.println("machine  " + MachineInfo.describe(threads));
        GPTModel model = new GPTModel(config, 0, options.device());
        model.eval();
        model.packForInference(options.weights());
        double bytesPerToken = weightBytesPerToken(config, options.weights());
        out.printf("model    %s: %,d parameters, %d layers, C=%d, V=%d; %s weights (%.0f MB read per token); %s%n", options.preset(),
                model.parameterCount(), config.nLayers(), config.embDim(), config.vocabSize(), options.weights().name().toLowerCase(),
                bytesPerToken / 1e6, options.device().name().toLowerCase());
        out.flush();
        int[] prompt = new Random(0).ints(options.promptTokens(), 0, config.vocabSize()).toArray();
        if (options.warmup() > 0) decode(model, prompt, options.warmup());
        double seconds = decode(model, prompt, options.newTokens());
        long peak = MachineInfo.peakMemoryBytes();
        String peakLine = MachineInfo.peakMemory();
        double bandwidth = options.device() == Device.CPU ? MachineInfo.readBandwidth(CpuBackend.get().pool()) : 0;
        var result = new Result(options.newTokens() / seconds, bytesPerToken, bandwidth, peak);
        print(options, result, peakLine, out);
        if (options.anchor()) printAnchor(options, result, threads, out);
        return result;
    }

    /** Seconds to generate newTokens greedily after prompt (the prompt's own pass not timed). */
    private static double decode(GPTModel model, int[] prompt, int newTokens) {
        KVCache cache = model.newCache(1);
        int next = argmax(model.lastLogits(Tensor.ofInts(prompt, 1, prompt.length), cache));
        long start = System.nanoTime();
        for (int i = 0; i < newTokens; i++) next = argmax(model.lastLogits(Tensor.ofInts(new int[] {next}, 1, 1), cache));
        return (System.nanoTime() - start) / 1e9;
    }

    private static int argmax(Tensor logits) {
        float[] values = logits.toFloatArray();
        int best = 0;
        for (int i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    /** Bytes of weights one token's forward pass reads: every Linear weight (the head included) and the rest in float32. */
    static double weightBytesPerToken(GPTConfig c, WeightFormat format) {
        long e = c.embDim();
        long linearPerBlock = 3 * e * e + e * e + 8 * e * e;                       // qkv, proj, ff.fc, ff.proj
        long head = (long) c.vocabSize() * e;
        long otherPerBlock = (c.qkvBias() ? 3 * e : 0) + e + 4 * e + e + 4 * e;    // biases and two LayerNorms
        return (double) format.bytesPerWeight() * (c.nLayers() * linearPerBlock + head) + 4.0 * (c.nLayers() * otherPerBlock + 4 * e);
    }

    private static void print(Options options, Result r, String peakLine, PrintWriter out) {
        out.printf("DECODE jgpt %s %s %s batch 1, KV cache: %.2f tok/s (%.1f ms/token)%n", options.preset(),
                options.weights().name().toLowerCase(), options.device().name().toLowerCase(), r.tokensPerSecond(),
                1000 / r.tokensPerSecond());
        out.println("memory   " + peakLine);
        if (r.bandwidth() > 0) {
            out.printf("bound    memory read bandwidth %.1f GB/s (same run) / %.0f MB per token = %.1f tok/s; jgpt reaches %.0f%% of it%n",
                    r.bandwidth() / 1e9, r.bytesPerToken() / 1e6, r.boundTokensPerSecond(),
                    100 * r.tokensPerSecond() / r.boundTokensPerSecond());
        }
        out.flush();
    }

    private static void printAnchor(Options options, Result ours, int threads, PrintWriter out) {
        if (!options.preset().equals("book-124m")) out.println("anchor   note: the anchor is the book-124m architecture; this run used " + options.preset());
        Optional<TorchCpuAnchor.Figures> torch = TorchCpuAnchor.run("decode", threads, 1, 256, 0f, 1, options.newTokens(), out);
        torch.ifPresent(t -> out.printf("ratio    jgpt %s / PyTorch fp32: %.2fx tokens/s (%.2f vs %.2f); peak memory %.2f vs %.2f GiB%n",
                options.weights().name().toLowerCase(), ours.tokensPerSecond() / t.tokensPerSecond(), ours.tokensPerSecond(),
                t.tokensPerSecond(), ours.peakMemoryBytes() / 1073741824.0, t.peakMib() / 1024));
        out.flush();
    }
}
