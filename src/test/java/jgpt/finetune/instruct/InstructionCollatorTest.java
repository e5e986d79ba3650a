package jgpt.finetune.instruct;

import jgpt.data.Batch;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstructionCollatorTest {
    private static final int PAD = 50256, IGNORE = InstructionCollator.IGNORE_INDEX;

    private static EncodedExample seq(int promptLength, int... ids) {
        return new EncodedExample(ids, promptLength);
    }

    private static int[][] rows(jgpt.tensor.Tensor t) {
        int b = t.dim(0), n = t.dim(1);
        int[] flat = t.toIntArray();
        int[][] rows = new int[b][n];
        for (int i = 0; i < b; i++) System.arraycopy(flat, i * n, rows[i], 0, n);
        return rows;
    }

    @Test
    void booksExampleOfThreeSequences() {
        Batch batch = new InstructionCollator(PAD, 0, false)
                .collate(List.of(seq(0, 0, 1, 2, 3, 4), seq(0, 5, 6), seq(0, 7, 8, 9)));
        assertThat(rows(batch.inputs())).isDeepEqualTo(new int[][] {
                {0, 1, 2, 3, 4}, {5, 6, PAD, PAD, PAD}, {7, 8, 9, PAD, PAD}});
        assertThat(rows(batch.targets())).isDeepEqualTo(new int[][] {
                {1, 2, 3, 4, PAD}, {6, PAD, IGNORE, IGNORE, IGNORE}, {8, 9, PAD, IGNORE, IGNORE}});
    }

    @Test
    void maskPromptIgnoresTargetsThatPredictPromptTokens() {
        // prompts: [0,1,2] and [5]; the first response token (3, and 6) stays a target
        Batch batch = new InstructionCollator(PAD, 0, true).collate(List.of(seq(3, 0, 1, 2, 3, 4), seq(1, 5, 6)));
        assertThat(rows(batch.targets())).isDeepEqualTo(new int[][] {
                {IGNORE, IGNORE, 3, 4, PAD}, {6, PAD, IGNORE, IGNORE, IGNORE}});
        assertThat(rows(batch.inputs())[1]).containsExactly(5, 6, PAD, PAD, PAD);
    }

    @Test
    void maximumLengthCutsInputsAndTargets() {
        Batch batch = new InstructionCollator(PAD, 3, false).collate(List.of(seq(0, 0, 1, 2, 3, 4), seq(0, 5, 6)));
        assertThat(rows(batch.inputs())).isDeepEqualTo(new int[][] {{0, 1, 2}, {5, 6, PAD}});
        assertThat(rows(batch.targets())).isDeepEqualTo(new int[][] {{1, 2, 3}, {6, PAD, IGNORE}});
    }

    @Test
    void paddingIdInsideTheTextIsStillATarget() {
        // the book masks every pad-id target after the first; a real end-of-text token inside the text is kept here
        Batch batch = new InstructionCollator(PAD, 0, false).collate(List.of(seq(0, 1, PAD, 2), seq(0, 3)));
        assertThat(rows(batch.targets())).isDeepEqualTo(new int[][] {{PAD, 2, PAD}, {PAD, IGNORE, IGNORE}});
    }

    @Test
    void emptyBatchAndBadLengthAreRefused() {
        assertThatThrownBy(() -> new InstructionCollator(PAD, 0, false).collate(List.of())).hasMessage("cannot collate an empty batch");
        assertThatThrownBy(() -> new InstructionCollator(PAD, -1, false)).hasMessageContaining("got -1");
    }
}
