package jgpt.backend.cpu;

/**
 * A counter-based random stream: uniform(seed, i) depends only on its arguments, so a dropout mask is the
 * same on every thread count and backend (the CUDA kernel computes the same SplitMix64 mix).
 */
final class DropoutHash {
    private DropoutHash() {
    }

    /** A uniform float in [0, 1) from 24 random bits. */
    static float uniform(long seed, long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 40) * 0x1.0p-24f;
    }
}
