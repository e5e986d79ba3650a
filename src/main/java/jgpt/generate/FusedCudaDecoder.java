package jgpt.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jgpt.backend.cuda.FusedDecoder;
import jgpt.backend.cuda.FusedDecoder.Block;
import jgpt.backend.cuda.FusedDecoder.Norm;
import jgpt.backend.cuda.FusedDecoder.Projection;
import jgpt.model.GPTConfig;
import jgpt.model.GPTModel;
import jgpt.model.KVCache;
import jgpt.tensor.Device;
import jgpt.tensor.Tensor;

/**
 * Decoding on the GPU: a prompt (several ids at once) goes through the tensor path, which fills the KV cache, and
 * each single new id then runs as one CUDA graph ({@link FusedDecoder}) that writes into the same cache.
 * The environment variable JGPT_FUSED_DECODE=0 turns it off (for comparing the two paths).
 */
final class FusedCudaDecoder extends TensorDecoder {
    private static final boolean ENABLED = !"0".equals(System.getenv("JGPT_FUSED_DECODE"));

    private final FusedDecoder step;

    FusedCudaDecoder(GPTModel model) {
        super(model);
        this.step = new FusedDecoder(weights(model, cache()));
    }

    /** On the GPU, without LoRA adapters (which the fused kernels do not apply), in the kernels' size limits. */
    static boolean supports(GPTModel model) {
        GPTConfig c = model.config();
        return ENABLED && model.device() == Device.CUDA && model.stateDict().keySet().stream().noneMatch(name -> name.contains(".lora."))
                && FusedDecoder.fits(c.embDim(), c.nHeads(), c.contextLength());
    }

    // several ids (a prompt) through the tensor path, which fills the cache in one pass; a single id through the graph
    @Override
    public float[] feed(int[] ids) {
        if (ids.length != 1) return super.feed(ids);
        float[] logits = step.step(ids[0], length());
        cache().extend(1);
        return logits;
    }

    // a single id's pick stays on the GPU, which sends back 4 bytes instead of the logits
    @Override
    public int feedGreedy(int[] ids) {
        if (ids.length != 1) return super.feedGreedy(ids);
        int next = step.greedyStep(ids[0], length());
        cache().extend(1);
        return next;
    }

    // the parameters by their names in GPTModel's state dict, and the cache's buffers
    private static FusedDecoder.Weights weights(GPTModel model, KVCache cache) {
        Map<String, Tensor> p = model.stateDict();
        GPTConfig c = model.config();
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < c.nLayers(); i++) {
            String b = "blocks." + i + ".";
            blocks.add(new Block(norm(p, b + "norm1"), projection(p, b + "attn.qkv"), projection(p, b + "attn.proj"),
                    norm(p, b + "norm2"), projection(p, b + "ff.fc"), projection(p, b + "ff.proj"),
                    cache.layer(i).keys(), cache.layer(i).values()));
        }
        Tensor head = p.getOrDefault("out_head.weight", p.get("tok_emb.weight"));
        return new FusedDecoder.Weights(p.get("tok_emb.weight"), p.get("pos_emb.weight"), blocks, norm(p, "final_norm"), head,
                c.nHeads(), GPTConfig.LAYER_NORM_EPS);
    }

    private static Norm norm(Map<String, Tensor> p, String name) {
        return new Norm(p.get(name + ".weight"), p.get(name + ".bias"));
    }

    private static Projection projection(Map<String, Tensor> p, String name) {
        return new Projection(p.get(name + ".weight"), p.get(name + ".bias"));
    }
}
