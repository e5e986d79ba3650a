package jgpt.generate;

/**
 * How the next token is chosen: temperature 0 is greedy (argmax); otherwise logits are divided by the
 * temperature, cut to the topK largest (0 keeps all) and then to the smallest set whose probability
 * reaches topP (1 keeps all), and a token is drawn with a generator seeded by seed.
 */
public record SamplingConfig(float temperature, int topK, float topP, long seed) {
    public SamplingConfig {
        if (!(temperature >= 0) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("--temperature must be 0 (greedy) or positive, got " + temperature);
        }
        if (topK < 0) throw new IllegalArgumentException("--top-k must be 0 (off) or positive, got " + topK);
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("--top-p must be in (0, 1], got " + topP);
    }

    public static SamplingConfig greedy() {
        return new SamplingConfig(0, 0, 1, 0);
    }

    public boolean isGreedy() {
        return temperature == 0;
    }
}
