package jgpt.train;

/**
 * The learning rate of each optimizer step: a linear warmup from peak/warmupSteps to peak over warmupSteps
 * steps, then either constant (the book's chapter 5) or a cosine decay to minimum at totalSteps (appendix D).
 */
public record LearningRateSchedule(float peak, float minimum, long warmupSteps, long totalSteps, boolean cosine) {

    /** The rate for step (0-based: step 0 is the first update). */
    public float rate(long step) {
        if (step < warmupSteps) return peak * (step + 1) / warmupSteps;
        if (!cosine) return peak;
        long decaySteps = totalSteps - warmupSteps;
        double progress = decaySteps <= 1 ? 1 : Math.min(1, (double) (step - warmupSteps) / (decaySteps - 1));
        return (float) (minimum + (peak - minimum) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
}
