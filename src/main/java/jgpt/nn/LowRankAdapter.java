package jgpt.nn;

import java.util.Random;
import jgpt.tensor.Device;
import jgpt.tensor.Tensor;

/**
 * LoRA, the book's appendix E: a trainable low-rank update alpha * x A B beside a frozen weight, with A
 * (in, rank) and B (rank, out). A starts like the book's kaiming_uniform_(A, a=sqrt(5)), which for A's
 * shape is U(-1/sqrt(rank), 1/sqrt(rank)); B starts at zero, so a new adapter changes nothing until it
 * trains. As in the book, alpha scales the update directly (PEFT's lora_alpha / r is this alpha).
 */
public final class LowRankAdapter extends Module {
    private final Tensor a;
    private final Tensor b;
    private final float alpha;

    /** A fresh adapter for a layer of in -> out features. */
    public LowRankAdapter(int in, int out, int rank, float alpha, Random rng) {
        this(bookInitA(in, rank, rng), Tensor.zeros(rank, out), alpha);
    }

    /** An adapter over existing tensors A (in, rank) and B (rank, out), as loaded from a file. */
    public LowRankAdapter(Tensor a, Tensor b, float alpha) {
        if (a.rank() != 2 || b.rank() != 2 || a.dim(1) != b.dim(0) || a.dim(1) == 0) {
            throw new IllegalArgumentException("LoRA: needs A (in, rank) and B (rank, out) with one rank of 1 or more, got " + a + " and " + b);
        }
        this.a = parameter("A", a);
        this.b = parameter("B", b);
        this.alpha = alpha;
    }

    /** This adapter with its tensors on device (itself when they are there already); made before training, not during. */
    public LowRankAdapter to(Device device) {
        return device == a.device() ? this : new LowRankAdapter(a.to(device), b.to(device), alpha);
    }

    private static Tensor bookInitA(int in, int rank, Random rng) {
        if (rank <= 0) throw new IllegalArgumentException("LoRA: the rank must be 1 or more, got " + rank);
        float bound = (float) (1.0 / Math.sqrt(rank));
        return Tensor.uniform(rng, -bound, bound, in, rank);
    }

    // x (..., in) -> (..., out)
    public Tensor forward(Tensor x) {
        return x.matmul(a).matmul(b).scale(alpha);
    }

    /** The update this adapter adds to the layer's weight: alpha * (A B)^T, shaped like the weight (out, in). */
    public Tensor delta() {
        return b.transpose(0, 1).matmul(a.transpose(0, 1)).scale(alpha);
    }

    public Tensor a() {
        return a;
    }

    public Tensor b() {
        return b;
    }

    public float alpha() {
        return alpha;
    }

    public int rank() {
        return a.dim(1);
    }

    public int inFeatures() {
        return a.dim(0);
    }

    public int outFeatures() {
        return b.dim(1);
    }
}
