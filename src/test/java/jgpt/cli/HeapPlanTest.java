package jgpt.cli;

import jgpt.model.GPTConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The heap the launcher gives training commands, and the commands it leaves to the JVM. */
class HeapPlanTest {

    @Test
    void aCpuTrainingBenchGetsTheModelStateActivationsAndLogitsInMebibytes() {
        String plan = HeapPlan.plan(new String[] {"bench", "train", "--device", "cpu", "--model", "book-124m", "--batch", "2", "--seq", "256"})
                .orElseThrow();
        long p = GPTConfig.preset("book-124m").parameterCount(), tokens = 2 * 256;
        // 16 bytes per parameter, 18 C-wide float rows per token and layer, three (max(B*T, C), V) float arrays (B*T = 512 is
        // fewer than C = 768), 192 MiB for the rest
        long bytes = 16 * p + 4 * tokens * 12 * 18 * 768 + 3 * 4 * 768 * 50257 + (192L << 20);
        assertThat(plan).isEqualTo("-Xmx" + (bytes + (1 << 20) - 1) / (1 << 20) + "m");
    }

    @Test
    void aStepOfAFewTokensStillHasRoomForTheOutputHeadsWeightGradients() {
        // GPT-2 small at 1 x 16 tokens ran out of a 2.1 GiB heap (and of 2.45); 2.5 GiB ran
        long p = GPTConfig.preset("gpt2-small").parameterCount();
        long planned = mebibytes("bench", "train", "--device", "cpu", "--model", "gpt2-small", "--batch", "1", "--seq", "16");
        assertThat(planned).isGreaterThan(2500).isGreaterThanOrEqualTo((16 * p + 3 * 4 * 768 * 50257L) >> 20);
    }

    @Test
    void dropoutAndLargerBatchesNeedMore() {
        long base = mebibytes("bench", "train", "--device", "cpu", "--model", "book-124m", "--batch", "2", "--seq", "256");
        assertThat(mebibytes("bench", "train", "--device", "cpu", "--model", "book-124m", "--batch", "4", "--seq", "256")).isGreaterThan(base);
        assertThat(mebibytes("bench", "train", "--device", "cpu", "--model", "book-124m", "--batch", "2", "--seq", "256", "--dropout", "0.1"))
                .isGreaterThan(base);
    }

    @Test
    void otherCommandsTheGpuAndBadArgumentsAreLeftToTheJvm() {
        assertThat(HeapPlan.plan(new String[] {"bench", "decode", "--device", "cpu"})).isEmpty();
        assertThat(HeapPlan.plan(new String[] {"bench", "train", "--device", "cuda"})).isEmpty();
        assertThat(HeapPlan.plan(new String[] {"bench", "train", "--no-such-flag"})).isEmpty();
        assertThat(HeapPlan.plan(new String[] {"train", "--device", "cpu", "--init", "some/model"})).isEmpty();
    }

    private static long mebibytes(String... args) {
        return Long.parseLong(HeapPlan.plan(args).orElseThrow().replaceAll("[^0-9]", ""));
    }
}
