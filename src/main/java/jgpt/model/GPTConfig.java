package jgpt.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shape of a GPT model, the book's GPT_CONFIG_124M dictionary as a record.
 *
 * @param vocabSize     V, the number of token ids
 * @param contextLength the most positions the model sees at once (learned position embeddings)
 * @param embDim        C, the width of every hidden state
 * @param nHeads        H, attention heads per block (C must divide by H)
 * @param nLayers       transformer blocks
 * @param dropRate      dropout on embeddings, attention weights and shortcut branches while training
 * @param qkvBias       whether the query, key and value projections have biases (GPT-2 yes, the book's training no)
 * @param tiedHead      whether the output head reuses the token embedding's weight (GPT-2 yes, the book's training no)
 */
public record GPTConfig(int vocabSize, int contextLength, int embDim, int nHeads, int nLayers, float dropRate,
                        boolean qkvBias, boolean tiedHead) {

    /** GPT-2's LayerNorm epsilon, used by every LayerNorm of the model. */
    public static final float LAYER_NORM_EPS = 1e-5f;

    private static final Map<String, GPTConfig> PRESETS = presetTable();

    public GPTConfig {
        if (vocabSize <= 0 || contextLength <= 0 || embDim <= 0 || nHeads <= 0 || nLayers <= 0) {
            throw new IllegalArgumentException("GPT config sizes must be positive: vocab " + vocabSize + ", context " + contextLength
                    + ", embedding " + embDim + ", heads " + nHeads + ", layers " + nLayers);
        }
        if (embDim % nHeads != 0) {
            throw new IllegalArgumentException("the embedding width " + embDim + " does not split into " + nHeads + " heads");
        }
        if (!(dropRate >= 0 && dropRate < 1)) {
            throw new IllegalArgumentException("the drop rate must be in [0, 1), got " + dropRate);
        }
    }

    private static Map<String, GPTConfig> presetTable() {
        Map<String, GPTConfig> table = new LinkedHashMap<>();
        table.put("gpt2-small", new GPTConfig(50257, 1024, 768, 12, 12, 0.1f, true, true));
        table.put("gpt2-medium", new GPTConfig(50257, 1024, 1024, 16, 24, 0.1f, true, true));
        table.put("gpt2-large", new GPTConfig(50257, 1024, 1280, 20, 36, 0.1f, true, true));
        table.put("gpt2-xl", new GPTConfig(50257, 1024, 1600, 25, 48, 0.1f, true, true));
        // the book's GPT_CONFIG_124M for pretraining: shorter context, no qkv bias, its own output head
        table.put("book-124m", new GPTConfig(50257, 256, 768, 12, 12, 0.1f, false, false));
        return table;
    }

    /** The named configurations: gpt2-small, gpt2-medium, gpt2-large, gpt2-xl (OpenAI's GPT-2) and book-124m. */
    public static Map<String, GPTConfig> presets() {
        return PRESETS;
    }

    /** The preset called name; an exception listing the names when there is none. */
    public static GPTConfig preset(String name) {
        GPTConfig config = PRESETS.get(name);
        if (config == null) {
            throw new IllegalArgumentException("there is no model preset called '" + name + "'; the presets are "
                    + String.join(", ", PRESETS.keySet()));
        }
        return config;
    }

    /** D, the size of one attention head. */
    public int headDim() {
        return embDim / nHeads;
    }

    /** This config with the output head tied or not. */
    public GPTConfig withTiedHead(boolean tied) {
        return new GPTConfig(vocabSize, contextLength, embDim, nHeads, nLayers, dropRate, qkvBias, tied);
    }

    /** The parameter count of the model this config builds (a tied head counted once). */
    public long parameterCount() {
        return parameterCount(tiedHead);
    }

    /**
     * The parameter count with the output head tied to the token embedding or separate; the book's
     * 163M against 124M for book-124m.
     */
    public long parameterCount(boolean tied) {
        long c = embDim;
        long layerNorm = 2 * c;
        long attention = 3 * c * c + (qkvBias ? 3 * c : 0) + c * c + c;
        long feedForward = 4 * c * c + 4 * c + 4 * c * c + c;
        long block = 2 * layerNorm + attention + feedForward;
        long embeddings = (long) vocabSize * c + (long) contextLength * c;
        long head = tied ? 0 : (long) vocabSize * c;
        return embeddings + nLayers * block + layerNorm + head;
    }
}
