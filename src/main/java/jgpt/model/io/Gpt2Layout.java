package jgpt.model.io;

import java.util.ArrayList;
import java.util.List;
import jgpt.model.GPTConfig;

/**
 * How jgpt's parameters are named and shaped in a Hugging Face GPT-2 checkpoint (GPT2LMHeadModel's state
 * dict). HF's attention and MLP layers are Conv1D, whose weight is stored (in, out): the transpose of a
 * Linear's (out, in). HF's c_attn.weight (C, 3C) therefore equals the transpose of jgpt's fused qkv weight
 * (3C, C); both hold q, k, v in that order, so no split is needed.
 */
public final class Gpt2Layout {
    /** The prefix of every HF name except the output head's. */
    static final String PREFIX = "transformer.";
    static final String HEAD = "lm_head.weight";

    private Gpt2Layout() {
    }

    /**
     * One parameter: its jgpt name and shape, its HF name, and whether HF stores it transposed.
     *
     * @param shape the jgpt (PyTorch Linear) shape; {@link #hfShape} is HF's
     */
    public record Entry(String jgptName, String hfName, int[] shape, boolean conv1d) {
        @Override
        public int[] shape() {
            return shape.clone();
        }

        public int[] hfShape() {
            return conv1d ? new int[] {shape[1], shape[0]} : shape.clone();
        }
    }

    /** Every parameter of the model config describes, in HF's order. */
    public static List<Entry> of(GPTConfig config) {
        int c = config.embDim();
        List<Entry> out = new ArrayList<>();
        out.add(plain("tok_emb.weight", PREFIX + "wte.weight", config.vocabSize(), c));
        out.add(plain("pos_emb.weight", PREFIX + "wpe.weight", config.contextLength(), c));
        for (int i = 0; i < config.nLayers(); i++) {
            String jgpt = "blocks." + i + ".", hf = PREFIX + "h." + i + ".";
            layerNorm(out, jgpt + "norm1", hf + "ln_1", c);
            out.add(conv1d(jgpt + "attn.qkv.weight", hf + "attn.c_attn.weight", 3 * c, c));
            if (config.qkvBias()) out.add(plain(jgpt + "attn.qkv.bias", hf + "attn.c_attn.bias", 3 * c));
            out.add(conv1d(jgpt + "attn.proj.weight", hf + "attn.c_proj.weight", c, c));
            out.add(plain(jgpt + "attn.proj.bias", hf + "attn.c_proj.bias", c));
            layerNorm(out, jgpt + "norm2", hf + "ln_2", c);
            out.add(conv1d(jgpt + "ff.fc.weight", hf + "mlp.c_fc.weight", 4 * c, c));
            out.add(plain(jgpt + "ff.fc.bias", hf + "mlp.c_fc.bias", 4 * c));
            out.add(conv1d(jgpt + "ff.proj.weight", hf + "mlp.c_proj.weight", c, 4 * c));
            out.add(plain(jgpt + "ff.proj.bias", hf + "mlp.c_proj.bias", c));
        }
        layerNorm(out, "final_norm", PREFIX + "ln_f", c);
        if (!config.tiedHead()) out.add(plain("out_head.weight", HEAD, config.vocabSize(), c));
        return out;
    }

    /** HF's name for layer i's query/key/value bias (written as zeros for HF when jgpt's model has none). */
    static String qkvBiasName(int layer) {
        return PREFIX + "h." + layer + ".attn.c_attn.bias";
    }

    /** A matrix stored (rows, cols) row-major, returned as its transpose (cols, rows). */
    static float[] transpose(float[] values, int rows, int cols) {
        float[] out = new float[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c];
        }
        return out;
    }

    private static void layerNorm(List<Entry> out, String jgpt, String hf, int c) {
        out.add(plain(jgpt + ".weight", hf + ".weight", c));
        out.add(plain(jgpt + ".bias", hf + ".bias", c));
    }

    private static Entry plain(String jgpt, String hf, int... shape) {
        return new Entry(jgpt, hf, shape, false);
    }

    private static Entry conv1d(String jgpt, String hf, int out, int in) {
        return new Entry(jgpt, hf, new int[] {out, in}, true);
    }
}
