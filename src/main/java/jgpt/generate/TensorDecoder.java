package jgpt.generate;

import jgpt.model.GPTModel;
import jgpt.model.KVCache;
import jgpt.tensor.Tensor;

/** Incremental decoding through the model's own forward pass with a {@link KVCache}: any device, any model. */
class TensorDecoder implements Decoder {
    private final GPTModel model;
    private final KVCache cache;

    TensorDecoder(GPTModel model) {
        this.model = model;
        this.cache = model.newCache(1);
    }

    KVCache cache() {
        return cache;
    }

    @Override
    public float[] feed(int[] ids) {
        return model.lastLogits(Tensor.ofInts(ids, 1, ids.length).to(model.device()), cache).toFloatArray();
    }

    @Override
    public int length() {
        return cache.length();
    }

    @Override
    public int capacity() {
        return cache.capacity();
    }

    @Override
    public void clear() {
        cache.clear();
    }
}
