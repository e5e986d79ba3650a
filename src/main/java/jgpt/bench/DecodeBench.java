package jgpt.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import jgpt.generate.GenerationConfig;
import jgpt.generate.Generator;
import jgpt.generate.SamplingConfig;
import jgpt.model.GPTConfig;
import jgpt.model.GPTModel;
import jgpt.model.io.GPTCheckpoint;
import jgpt.tensor.Device;

/**
 * Batch-1 greedy decoding speed with the KV cache, set up as the PyTorch anchor's decode mode: 32 random
 * prompt ids, 16 tokens of warm-up, then the timed generation of N new tokens (prefill included).
 */
public final class DecodeBench {
    static final int PROMPT_LENGTH = 32;
    private static final int WARMUP_TOKENS = 16;

    private DecodeBench() {}

    /** @param model a preset name (random weights) or a model directory */
    public record Options(String model, Device device, int tokens) {
        public Options {
            if (tokens < 1) throw new IllegalArgumentException("--tokens must be at least 1, got " + tokens);
        }
    }

    /** What one run measured, and the ids it made (for comparing devices). */
    public record Result(double tokensPerSecond, double millisPerToken, int[] ids) {
    }

    public static Result run(Options options, PrintWriter out) {
        GPTModel model = load(options.model(), options.device());
        GPTConfig config = model.config();
        int[] prompt = new Random(0).ints(PROMPT_LENGTH, 0, config.vocabSize()).toArray();
        out.printf("model    %s: %,d parameters, %d layers, C=%d, V=%d; prompt %d ids; %s%n", options.model(), model.parameterCount(),
                config.nLayers(), config.embDim(), config.vocabSize(), PROMPT_LENGTH, options.device().name().toLowerCase());
        out.flush();
        var generator = new Generator(model, null);
        generator.generateIds(prompt, greedy(WARMUP_TOKENS), id -> true);
        int tokens = Math.min(options.tokens(), config.contextLength() - PROMPT_LENGTH);
        long start = System.nanoTime();
        int[] ids = generator.generateIds(prompt, greedy(tokens), id -> true);
        double seconds = (System.nanoTime() - start) / 1e9;
        var result = new Result(ids.length / seconds, seconds * 1e3 / ids.length, ids);
        out.printf("DECODE jgpt %s %s batch1 kv-cache: %d tokens in %.3f s, %.1f tok/s (%.3f ms/token)%n", options.model(),
                options.device().name().toLowerCase(), ids.length, seconds, result.tokensPerSecond(), result.millisPerToken());
        out.flush();
        return result;
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
}
