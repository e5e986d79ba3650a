package jgpt.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import jgpt.backend.cpu.CpuBackend;
import jgpt.backend.cuda.CudaBackend;
import jgpt.backend.cuda.Precision;
import jgpt.generate.GenerationConfig;
import jgpt.generate.Generator;
import jgpt.generate.SamplingConfig;
import jgpt.model.GPTConfig;
import jgpt.model.GPTModel;
import jgpt.model.io.GPTCheckpoint;
import jgpt.tensor.Device;
import jgpt.tensor.WeightFormat;

/**
 * Batch-1 greedy decoding speed with the KV cache, set up as the PyTorch anchors' decode mode: 32 random
 * prompt ids, a warm-up of 320 tokens (the JIT compiles the decoding path over the first few hundred, on the GPU
 * too: the host's part of a token there is a graph launch, the download and the pick, interpreted at first), then
 * the timed generation of N new tokens (prefill included). Decoding
 * streams every weight once per token, so on the CPU it also prints the bound that the memory bandwidth,
 * measured in the same run, puts on it.
 */
public final class DecodeBench {
    static final int PROMPT_LENGTH = 32;
    private static final int WARMUP_TOKENS = 320;

    private DecodeBench() {}

    /**
     * @param model   a preset name (random weights) or a model directory
     * @param weights how the Linear weights are held (bf16 and int8 on the CPU only)
     * @param anchor  also run scripts/bench/torch_cpu_gpt.py (CPU only)
     */
    public record Options(String model, Device device, int tokens, WeightFormat weights, boolean anchor) {
        public Options {
            if (tokens < 1) throw new IllegalArgumentException("--tokens must be at least 1, got " + tokens);
            if (device != Device.CPU && weights != WeightFormat.FP32) {
                throw new IllegalArgumentException("--weights " + weights.name().toLowerCase() + " needs --device cpu");
            }
            if (device != Device.CPU && anchor) throw new IllegalArgumentException("--anchor times PyTorch on the CPU; it needs --device cpu");
        }

        public Options(String model, Device device, int tokens) {
            this(model, device, tokens, WeightFormat.FP32, false);
        }
    }

    /** What one run measured, and the ids it made (for comparing devices); bandwidth in bytes/s, 0 off the CPU. */
    public record Result(double tokensPerSecond, double millisPerToken, int[] ids, double bytesPerToken, double bandwidth,
                         long peakMemoryBytes) {
        /** The tokens per second that reading bytesPerToken at the measured bandwidth allows. */
        public double boundTokensPerSecond() {
            return bandwidth / bytesPerToken;
        }
    }

    public static Result run(Options options, PrintWriter out) {
        if (options.device() == Device.CPU) out.println("machine  " + MachineInfo.describe(CpuBackend.get().threads()));
        GPTModel model = load(options.model(), options.device());
        GPTConfig config = model.config();
        model.packForInference(options.weights());
        WeightFormat read = weightsRead(options);
        double bytesPerToken = weightBytesPerToken(config, read);
        int[] prompt = new Random(0).ints(PROMPT_LENGTH, 0, config.vocabSize()).toArray();
        out.printf("model    %s: %,d parameters, %d layers, C=%d, V=%d; prompt %d ids; %s weights (%.0f MB read per token); %s%n",
                options.model(), model.parameterCount(), config.nLayers(), config.embDim(), config.vocabSize(), PROMPT_LENGTH,
                read.name().toLowerCase(), bytesPerToken / 1e6, options.device().name().toLowerCase());
        out.flush();
        var generator = new Generator(model, null);
        int tokens = Math.min(options.tokens(), config.contextLength() - PROMPT_LENGTH);
        for (int made = 0; made < WARMUP_TOKENS; made += tokens) {
            generator.generateIds(prompt, greedy(Math.min(tokens, WARMUP_TOKENS - made)), id -> true);
        }
        long start = System.nanoTime();
        int[] ids = generator.generateIds(prompt, greedy(tokens), id -> true);
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = MachineInfo.peakMemoryBytes();
        String peakLine = MachineInfo.peakMemory();
        double bandwidth = options.device() == Device.CPU ? MachineInfo.readBandwidth(CpuBackend.get().pool()) : 0;
        var result = new Result(ids.length / seconds, seconds * 1e3 / ids.length, ids, bytesPerToken, bandwidth, peak);
        out.printf("DECODE jgpt %s %s %s batch1 kv-cache: %d tokens in %.3f s, %.1f tok/s (%.3f ms/token)%n", options.model(),
                read.name().toLowerCase(), options.device().name().toLowerCase(), ids.length, seconds,
                result.tokensPerSecond(), result.millisPerToken());
        printBound(result, peakLine, out);
        if (options.anchor()) printAnchor(options, result, out);
        out.flush();
        return result;
    }

    // the weights' format as decoding reads them: on the GPU in bf16 precision the fused decoder reads bf16 copies
    private static WeightFormat weightsRead(Options options) {
        boolean gpuBf16 = options.device() == Device.CUDA && CudaBackend.get().precision() == Precision.BF16;
        return gpuBf16 ? WeightFormat.BF16 : options.weights();
    }

    /** Greedy ids from the KV-cache path, without stopping at end of text (random weights may pick it). */
    static GenerationConfig greedy(int tokens) {
        return new GenerationConfig(tokens, SamplingConfig.greedy(), List.of(), false, true);
    }

    private static GPTModel load(String model, Device device) {
        Path dir = Path.of(model);
        if (Files.isDirectory(dir)) return GPTCheckpoint.load(dir, device);
        return new GPTModel(GPTConfig.preset(model), 0, device);   // generation runs in eval mode: no dropout
    }

    /** Bytes of weights one token's forward pass reads: every Linear weight (the head included) and the rest in float32. */
    static double weightBytesPerToken(GPTConfig c, WeightFormat format) {
        long e = c.embDim();
        long linearPerBlock = 3 * e * e + e * e + 8 * e * e;                       // qkv, proj, ff.fc, ff.proj
        long head = (long) c.vocabSize() * e;
        long otherPerBlock = (c.qkvBias() ? 3 * e : 0) + e + 4 * e + e + 4 * e;    // biases and two LayerNorms
        return (double) format.bytesPerWeight() * (c.nLayers() * linearPerBlock + head) + 4.0 * (c.nLayers() * otherPerBlock + 4 * e);
    }

    private static void printBound(Result r, String peakLine, PrintWriter out) {
        out.println("memory   " + peakLine);
        if (r.bandwidth() > 0) {
            out.printf("bound    memory read bandwidth %.1f GB/s (same run) / %.0f MB per token = %.1f tok/s; jgpt reaches %.0f%% of it%n",
                    r.bandwidth() / 1e9, r.bytesPerToken() / 1e6, r.boundTokensPerSecond(), 100 * r.tokensPerSecond() / r.boundTokensPerSecond());
        }
    }

    private static void printAnchor(Options options, Result ours, PrintWriter out) {
        if (!options.model().equals("book-124m")) out.println("anchor   note: the anchor is the book-124m architecture; this run used " + options.model());
        int threads = CpuBackend.get().threads();
        TorchCpuAnchor.run("decode", threads, 1, PROMPT_LENGTH, 0f, 1, ours.ids().length, out)
                .ifPresent(t -> out.printf("ratio    jgpt %s / PyTorch fp32: %.2fx tokens/s (%.2f vs %.2f); peak memory %.2f vs %.2f GiB%n",
                        options.weights().name().toLowerCase(), ours.tokensPerSecond() / t.tokensPerSecond(), ours.tokensPerSecond(),
                        t.tokensPerSecond(), ours.peakMemoryBytes() / 1073741824.0, t.peakMib() / 1024));
    }
}
