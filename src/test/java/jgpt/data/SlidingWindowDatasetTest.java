package jgpt.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlidingWindowDatasetTest {

    private static int[] range(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = 1000 + i;
        return ids;
    }

    /** The book's GPTDatasetV1 loop: for i in range(0, len(ids) - max_length, stride). */
    private static List<int[][]> bookWindows(int[] ids, int maxLength, int stride) {
        List<int[][]> out = new ArrayList<>();
        for (int i = 0; i < ids.length - maxLength; i += stride) {
            int[] in = new int[maxLength], tg = new int[maxLength];
            for (int j = 0; j < maxLength; j++) {
                in[j] = ids[i + j];
                tg[j] = ids[i + j + 1];
            }
            out.add(new int[][] {in, tg});
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"20,4,1", "20,4,4", "20,4,5", "21,4,4", "5,4,1", "5,4,3", "4,4,1", "100,8,3"})
    void windowsMatchTheBooksLoop(int n, int maxLength, int stride) {
        int[] ids = range(n);
        var dataset = new SlidingWindowDataset(TokenSequence.of(ids), maxLength, stride);
        List<int[][]> expected = bookWindows(ids, maxLength, stride);
        assertThat(dataset.size()).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            int[] in = new int[maxLength + 2], tg = new int[maxLength + 2];
            dataset.window(i, in, tg, 1);
            assertThat(java.util.Arrays.copyOfRange(in, 1, maxLength + 1)).containsExactly(expected.get(i)[0]);
            assertThat(java.util.Arrays.copyOfRange(tg, 1, maxLength + 1)).containsExactly(expected.get(i)[1]);
        }
    }

    @Test
    void contextLengthBelowTwoIsRefused() {
        assertThatThrownBy(() -> new SlidingWindowDataset(TokenSequence.of(range(10)), 1, 1))
                .hasMessage("the context length must be at least 2, got 1");
    }

    @Test
    void splitKeepsTheFirstPartForTraining() {
        var split = TrainValidationSplit.byRatio(TokenSequence.of(range(10)), 0.9);
        assertThat(split.train().toArray()).containsExactly(java.util.Arrays.copyOf(range(10), 9));
        assertThat(split.validation().toArray()).containsExactly(1009);
    }

    @Test
    void shuffledEpochsVisitEveryWindowOnceInASeededOrder() {
        var dataset = new SlidingWindowDataset(TokenSequence.of(range(50)), 4, 2);
        var a = new BatchLoader(dataset, 3, true, 42, true);
        var b = new BatchLoader(dataset, 3, true, 42, true);
        var c = new BatchLoader(dataset, 3, true, 43, true);
        assertThat(a.batchesPerEpoch()).isEqualTo(dataset.size() / 3);
        Set<Integer> firstTokens = new HashSet<>();
        List<Integer> orderA = new ArrayList<>(), orderC = new ArrayList<>();
        for (int i = 0; i < a.batchesPerEpoch(); i++) {
            int[] ia = a.next().inputs().toIntArray(), ib = b.next().inputs().toIntArray(), ic = c.next().inputs().toIntArray();
            assertThat(ia).containsExactly(ib);
            for (int r = 0; r < 3; r++) {
                firstTokens.add(ia[r * 4]);
                orderA.add(ia[r * 4]);
                orderC.add(ic[r * 4]);
            }
        }
        assertThat(firstTokens).hasSize(a.batchesPerEpoch() * 3);
        assertThat(orderA).isNotEqualTo(orderC);
        var second = a.next();
        assertThat(a.position()).isEqualTo(new BatchLoader.Position(1, 1));
        assertThat(second.inputs().toIntArray()).isNotEqualTo(a.batch(0, 0).inputs().toIntArray());
    }

    @Test
    void seekResumesTheSameSequenceOfBatches() {
        var dataset = new SlidingWindowDataset(TokenSequence.of(range(40)), 3, 1);
        var straight = new BatchLoader(dataset, 4, true, 7, true);
        for (int i = 0; i < 13; i++) straight.next();
        var saved = straight.position();
        int[] expected = straight.next().targets().toIntArray();
        var resumed = new BatchLoader(dataset, 4, true, 7, true);
        resumed.seek(saved);
        assertThat(resumed.next().targets().toIntArray()).containsExactly(expected);
    }

    @Test
    void keepingTheLastBatchGivesAShortOne() {
        var dataset = new SlidingWindowDataset(TokenSequence.of(range(12)), 2, 2);   // 5 windows
        var loader = new BatchLoader(dataset, 2, false, 0, false);
        assertThat(loader.batchesPerEpoch()).isEqualTo(3);
        assertThat(loader.batch(0, 2).size()).isEqualTo(1);
        assertThat(loader.batch(0, 2).inputs().toIntArray()).containsExactly(1008, 1009);
        assertThat(new BatchLoader(dataset, 6, false, 0, true).batchesPerEpoch()).isZero();
    }
}
