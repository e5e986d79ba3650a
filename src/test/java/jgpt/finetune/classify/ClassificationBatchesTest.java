package jgpt.finetune.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationBatchesTest {
    private static final int PAD = 99;

    /** Example i is i+1 copies of the token i, labelled i % 2. */
    private static EncodedExamples examples(int n) {
        List<int[]> ids = new ArrayList<>();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int[] t = new int[(i * 7) % 5 + 1];
            java.util.Arrays.fill(t, i);
            ids.add(t);
            labels[i] = i % 2;
        }
        return new EncodedExamples(ids, labels, 5, 0);
    }

    @Test
    void trainingBatchesAreASeededShufflePaddedToTheirLongestRow() {
        var batches = new ClassificationBatches(examples(10), 3, true, 7, PAD);
        assertThat(batches.batchesPerEpoch()).isEqualTo(3);   // the last partial batch is dropped
        var seen = new HashSet<Integer>();
        for (int b = 0; b < 3; b++) {
            var batch = batches.batch(0, b);
            int width = batch.ids().dim(1);
            int[] ids = batch.ids().toIntArray();
            assertThat(width).isEqualTo(java.util.Arrays.stream(batch.lengths()).max().orElseThrow());
            for (int r = 0; r < batch.size(); r++) {
                int example = ids[r * width];
                seen.add(example);
                assertThat(batch.lengths()[r]).isEqualTo((example * 7) % 5 + 1);
                assertThat(batch.classes()[r]).isEqualTo(example % 2);
                for (int c = 0; c < width; c++) assertThat(ids[r * width + c]).isEqualTo(c < batch.lengths()[r] ? example : PAD);
            }
        }
        assertThat(seen).hasSize(9);
        assertThat(batches.batch(0, 0).ids().toIntArray()).isEqualTo(new ClassificationBatches(examples(10), 3, true, 7, PAD).batch(0, 0).ids().toIntArray());
        assertThat(batches.batch(1, 0).lengths()).isNotEqualTo(batches.batch(0, 0).lengths());
    }

    @Test
    void evaluationBatchesKeepEveryExampleShortestFirst() {
        var batches = new ClassificationBatches(examples(10), 4, false, 0, PAD);
        assertThat(batches.batchesPerEpoch()).isEqualTo(3);
        List<Integer> lengths = new ArrayList<>();
        for (int b = 0; b < 3; b++) for (int n : batches.batch(0, b).lengths()) lengths.add(n);
        assertThat(lengths).hasSize(10).isSorted();
    }
}
