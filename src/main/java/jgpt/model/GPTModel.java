package jgpt.model;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import jgpt.nn.Dropout;
import jgpt.nn.Embedding;
import jgpt.nn.LayerNorm;
import jgpt.nn.Linear;
import jgpt.nn.Module;
import jgpt.nn.Sequential;
import jgpt.tensor.DType;
import jgpt.tensor.Device;
import jgpt.tensor.Tensor;
import jgpt.tensor.WeightFormat;

/**
 * The book's GPTModel (GPT-2's architecture): token and learned position embeddings, dropout, nLayers
 * transformer blocks, a final LayerNorm and a linear output head over the vocabulary.
 *
 * <p>Parameter names: tok_emb.weight, pos_emb.weight, blocks.N.{norm1, attn.qkv, attn.proj, norm2, ff.fc,
 * ff.proj}.{weight, bias}, final_norm.{weight, bias}, out_head.weight. A tied head shares tok_emb.weight
 * and is listed once, under that name.
 */
public final class GPTModel extends Module {
    private final GPTConfig config;
    private final Embedding tokEmb;
    private final Embedding posEmb;
    private final Dropout dropEmb;
    private final Sequential blocks;
    private final List<TransformerBlock> blockList;
    private final LayerNorm finalNorm;
    private final Linear outHead;
    private Tensor positionIds;   // 0 .. contextLength - 1 on the device last asked for; see positions

    /** A model with GPT-2's random initialisation (see {@link WeightInit}), fixed by seed. */
    public GPTModel(GPTConfig config, long seed) {
        this(config, seed, Device.CPU);
    }

    /** The same model (same seed, same weights) with its parameters on device. */
    public GPTModel(GPTConfig config, long seed, Device device) {
        this(config, seed, Initialization.GPT2, device);
    }

    /** A model with the given random initialisation, fixed by seed, its parameters on device. */
    public GPTModel(GPTConfig config, long seed, Initialization scheme, Device device) {
        this(config, WeightInit.of(scheme, config, seed, device));
    }

    /** A model with zero weights (LayerNorm gains 1), for a checkpoint loader to fill; dropout seeded by seed. */
    public static GPTModel zeroInitialized(GPTConfig config, long seed) {
        return zeroInitialized(config, seed, Device.CPU);
    }

    /** A zero-weight model (LayerNorm gains 1) with its parameters on device. */
    public static GPTModel zeroInitialized(GPTConfig config, long seed, Device device) {
        return new GPTModel(config, WeightInit.zeros(config, seed, device));
    }

    private GPTModel(GPTConfig config, WeightInit init) {
        this.config = config;
        this.tokEmb = child("tok_emb", init.embedding(config.vocabSize(), config.embDim()));
        this.posEmb = child("pos_emb", init.embedding(config.contextLength(), config.embDim()));
        this.dropEmb = child("drop_emb", new Dropout(config.dropRate(), init.dropoutSeed()));
        List<TransformerBlock> layers = new ArrayList<>();
        for (int i = 0; i < config.nLayers(); i++) layers.add(new TransformerBlock(config, init));
        this.blocks = child("blocks", new Sequential(layers));
        this.blockList = List.copyOf(layers);
        this.finalNorm = child("final_norm", init.layerNorm(config.embDim()));
        this.outHead = child("out_head", config.tiedHead()
                ? new Linear(tokEmb.weight(), null)
                : init.linear(config.embDim(), config.vocabSize(), false));
    }

    public GPTConfig config() {
        return config;
    }

    /** Where the parameters live. */
    public Device device() {
        return tokEmb.weight().device();
    }

    // ids int32 (B, T) -> logits (B, T, V)
    public Tensor forward(Tensor ids) {
        return outHead.forward(hiddenStates(ids));
    }

    // ids int32 (B, T) -> logits of the last position (B, V); what next-token generation needs
    public Tensor lastLogits(Tensor ids) {
        Tensor x = hiddenStates(ids);                              // (B, T, C)
        Tensor last = x.slice(1, x.dim(1) - 1, x.dim(1));          // (B, 1, C)
        return outHead.forward(last).reshape(x.dim(0), config.vocabSize());
    }

    // ids int32 (B, T) -> final-normalised hidden states (B, T, C); what a task head (a classifier) reads
    public Tensor hiddenStates(Tensor ids) {
        checkIds(ids);
        int t = ids.dim(1);
        Tensor x = tokEmb.forward(ids).add(posEmb.forward(positions(0, t, ids.device())));   // (B, T, C) + (T, C)
        x = dropEmb.forward(x);
        x = blocks.forward(x);
        return finalNorm.forward(x);
    }

    /** An empty KV cache for incremental decoding of batch rows, holding up to the context length. */
    public KVCache newCache(int batch) {
        return new KVCache(blockList.stream().map(b -> b.newCache(batch, config.contextLength())).toList());
    }

    // ids int32 (B, Tq), the positions after those already in cache -> logits (B, Tq, V); appends to cache
    public Tensor forward(Tensor ids, KVCache cache) {
        try (var noGrad = Tensor.noGrad()) {
            return outHead.forward(hiddenStates(ids, cache));
        }
    }

    // ids int32 (B, Tq) after those in cache -> logits of the last new position (B, V); appends to cache
    public Tensor lastLogits(Tensor ids, KVCache cache) {
        try (var noGrad = Tensor.noGrad()) {
            Tensor x = hiddenStates(ids, cache);
            Tensor last = x.slice(1, x.dim(1) - 1, x.dim(1));
            return outHead.forward(last).reshape(x.dim(0), config.vocabSize());
        }
    }

    // the incremental twin of hiddenStates(ids): positions start at the cache's length, no dropout
    private Tensor hiddenStates(Tensor ids, KVCache cache) {
        checkIds(ids);
        int start = cache.length(), t = ids.dim(1);
        if (start + t > cache.capacity()) {
            throw new IllegalArgumentException("GPTModel: the KV cache holds " + start + " positions; " + t + " more exceed the context length of "
                    + cache.capacity());
        }
        Tensor x = tokEmb.forward(ids).add(posEmb.forward(positions(start, t, ids.device())));
        for (int i = 0; i < blockList.size(); i++) x = blockList.get(i).forward(x, cache.layer(i));
        return finalNorm.forward(x);
    }

    /** Every Linear weight (blocks and output head) read in format for inference on the CPU; see {@link Linear#packForInference}. */
    public void packForInference(WeightFormat format) {
        namedModules().values().forEach(m -> {
            if (m instanceof Linear linear) linear.packForInference(format);
        });
    }

    // positions start .. start + t - 1, int32 (t), on device: a slice of 0 .. contextLength - 1 uploaded once per device,
    // because an upload from pageable memory makes the host wait for the GPU, here at the start of every step
    private Tensor positions(int start, int t, Device device) {
        Tensor all = positionIds;
        if (all == null || all.device() != device) {
            positionIds = all = Tensor.ofInts(IntStream.range(0, config.contextLength()).toArray(), config.contextLength()).to(device);
        }
        return all.slice(0, start, start + t);
    }

    private void checkIds(Tensor ids) {
        if (ids.dtype() != DType.INT32 || ids.rank() != 2) {
            throw new IllegalArgumentException("GPTModel: token ids must be an int32 tensor (B, T), got " + ids);
        }
        if (ids.dim(1) == 0 || ids.dim(1) > config.contextLength()) {
            throw new IllegalArgumentException("GPTModel: " + ids.dim(1) + " positions do not fit the context length of "
                    + config.contextLength() + " (1 or more, at most the context length)");
        }
    }
}
