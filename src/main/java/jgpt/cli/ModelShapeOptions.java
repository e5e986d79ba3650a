package jgpt.cli;

import jgpt.model.GPTConfig;
import picocli.CommandLine.Option;

/** A model's shape for {@code jgpt train}: a preset or config file, with any size overridden by its own flag. */
final class ModelShapeOptions {
    @Option(names = "--config", paramLabel = "X",
            description = "A preset (gpt2-small, gpt2-medium, gpt2-large, gpt2-xl, book-124m), a config.json or a model directory;"
                    + " default book-124m, or the --init model's.")
    String config;

    @Option(names = "--layers", paramLabel = "N", description = "Transformer blocks.")
    Integer layers;

    @Option(names = "--heads", paramLabel = "N", description = "Attention heads per block.")
    Integer heads;

    @Option(names = "--emb-dim", paramLabel = "N", description = "Embedding width (a multiple of --heads).")
    Integer embDim;

    @Option(names = "--context-length", paramLabel = "N", description = "Positions the model sees; also the training window length.")
    Integer contextLength;

    @Option(names = "--vocab-size", paramLabel = "N", description = "Token ids (50257 for GPT-2's tokenizer).")
    Integer vocabSize;

    @Option(names = "--drop-rate", paramLabel = "P", description = "Dropout while training.")
    Float dropRate;

    @Option(names = "--qkv-bias", negatable = true, description = "Biases on the query, key and value projections.")
    Boolean qkvBias;

    @Option(names = "--tied-head", negatable = true, description = "Share the output head with the token embedding.")
    Boolean tiedHead;

    /** True when any flag asks for a shape (as opposed to taking the --init model's). */
    boolean given() {
        return config != null || layers != null || heads != null || embDim != null || contextLength != null || vocabSize != null
                || qkvBias != null || tiedHead != null;
    }

    /** The shape asked for, starting from base (used when --config is not given). */
    GPTConfig resolve(GPTConfig base) {
        GPTConfig c = config != null ? ModelOptions.config(config) : base;
        if (contextLength != null && contextLength < 2) throw new IllegalArgumentException("--context-length must be at least 2, got " + contextLength);
        return new GPTConfig(or(vocabSize, c.vocabSize()), or(contextLength, c.contextLength()), or(embDim, c.embDim()),
                or(heads, c.nHeads()), or(layers, c.nLayers()), dropRate != null ? dropRate : c.dropRate(),
                qkvBias != null ? qkvBias : c.qkvBias(), tiedHead != null ? tiedHead : c.tiedHead());
    }

    /** The shape with only the drop rate changed, when --drop-rate is given. */
    GPTConfig withDropRate(GPTConfig c) {
        return dropRate == null ? c : new GPTConfig(c.vocabSize(), c.contextLength(), c.embDim(), c.nHeads(), c.nLayers(), dropRate,
                c.qkvBias(), c.tiedHead());
    }

    private static int or(Integer value, int fallback) {
        return value != null ? value : fallback;
    }
}
