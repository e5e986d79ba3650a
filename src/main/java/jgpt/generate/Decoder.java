package jgpt.generate;

import jgpt.model.GPTModel;

/**
 * Next-token logits for one growing sequence: a model's incremental decoding with a KV cache, so that each new
 * token costs one position's work. {@link #of} picks the fastest decoder the model's device offers.
 */
public interface Decoder {

    /** Appends ids after those fed so far (at most {@link #capacity()} in all); returns the logits (V) that follow the last. */
    float[] feed(int[] ids);

    /** Appends ids like {@link #feed} and returns the id of the largest next-token logit (the first on ties): greedy decoding. */
    default int feedGreedy(int[] ids) {
        return Sampler.argmax(feed(ids));
    }

    /** Positions fed so far. */
    int length();

    /** The most positions it can hold: the model's context length. */
    int capacity();

    /** Forgets every position. */
    void clear();

    /** A fused CUDA-graph decoder on the GPU where the model allows it, else the tensor path with a KV cache. */
    static Decoder of(GPTModel model) {
        return FusedCudaDecoder.supports(model) ? new FusedCudaDecoder(model) : new TensorDecoder(model);
    }
}
