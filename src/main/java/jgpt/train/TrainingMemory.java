package jgpt.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import jgpt.model.GPTConfig;

/**
 * The Java heap that training a GPT with AdamW on the CPU needs. The JVM's default ceiling (a quarter of the
 * machine's memory) does not fit training: G1 puts each large array in contiguous regions and, when garbage
 * blocks them, grows the heap towards its ceiling rather than collecting. The launcher therefore starts the
 * training commands with this ceiling (see {@code jgpt.cli.HeapPlan}), so resident memory follows the model.
 */
public final class TrainingMemory {
    private static final long MIB = 1L << 20;
    /** The JVM's own objects, the tokenizer, the data loader and the run's bookkeeping. */
    private static final long BASE_BYTES = 192 * MIB;
    /** Float32 rows of C values per token and layer that the forward pass keeps for the backward pass: two
     * LayerNorm outputs, q, k, v, the attention output and its joined copy, the projection and the residual
     * sums (about 10), and the feed-forward's 4C product and its GELU (8). */
    private static final int SAVED_ROWS_PER_LAYER = 18;

    private TrainingMemory() {
    }

    /** Bytes of the files among paths (files, or directories walked), for {@link #heapBytes}; other entries count 0. */
    public static long fileBytes(List<String> paths) {
        long sum = 0;
        for (String name : paths) {
            Path path = Path.of(name);
            if (!Files.exists(path)) continue;
            try (Stream<Path> files = Files.walk(path)) {
                sum += files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
            } catch (IOException | UncheckedIOException e) {
                // unreadable: the training run itself reports it
            }
        }
        return sum;
    }

    /**
     * Bytes of heap for training config on batch x seq tokens per step from text files of textBytes (held as text
     * while they are encoded, then as token ids: about four bytes of heap per byte of text): weights, gradients and
     * AdamW's two moments (16 bytes a parameter), the activations saved for backward (with dropout also the two dropped
     * residual branches; masks are drawn again, and attention weights are dropped inside the fused kernel, never held),
     * and room for three float32 arrays of V rows at once, each of B T or, when that is fewer, C columns: the logits and
     * their gradient, or the output head's (V, C) weight gradient forming beside the embedding's. With room for only
     * three (B T, V) arrays a step of a few tokens ran out of heap (GPT-2 small at 1 x 16 tokens needed 2.5 GiB; the
     * plan said 2.1).
     */
    public static long heapBytes(GPTConfig config, int batch, int seq, long textBytes) {
        long tokens = (long) batch * seq;
        long state = 16 * config.parameterCount();
        long perTokenAndLayer = (long) SAVED_ROWS_PER_LAYER * config.embDim() + (config.dropRate() > 0 ? 2L * config.embDim() : 0);
        long activations = 4 * tokens * config.nLayers() * perTokenAndLayer;
        long logits = 4 * Math.max(tokens, config.embDim()) * config.vocabSize();
        return state + activations + 3 * logits + BASE_BYTES + 4 * textBytes;
    }
}
