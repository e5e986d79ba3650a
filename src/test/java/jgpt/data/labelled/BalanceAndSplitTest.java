package jgpt.data.labelled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class BalanceAndSplitTest {

    private static LabelledDataset dataset(int ham, int spam) {
        List<LabelledText> examples = new ArrayList<>();
        for (int i = 0; i < ham; i++) examples.add(new LabelledText("ham " + i, "ham"));
        for (int i = 0; i < spam; i++) examples.add(new LabelledText("spam " + i, "spam"));
        return new LabelledDataset(examples, "test");
    }

    @Test
    void undersamplingKeepsTheSmallestClassWholeAndIsSeeded() {
        LabelledDataset data = dataset(4825, 747);
        LabelledDataset balanced = Balance.undersample(data, 123);
        assertThat(balanced.counts()).containsEntry("ham", 747).containsEntry("spam", 747);
        assertThat(balanced.examples()).filteredOn(e -> e.label().equals("spam")).hasSize(747)
                .isEqualTo(data.examples().stream().filter(e -> e.label().equals("spam")).toList());
        assertThat(Balance.undersample(data, 123)).isEqualTo(balanced);
        assertThat(Balance.undersample(data, 124)).isNotEqualTo(balanced);
    }

    @Test
    void classWeightsEqualiseClasses() {
        float[] w = Balance.classWeights(dataset(30, 10));
        assertThat(w[0]).isCloseTo(40f / (2 * 30), within(1e-6f));
        assertThat(w[1]).isCloseTo(40f / (2 * 10), within(1e-6f));
        assertThat(30 * w[0]).isCloseTo(10 * w[1], within(1e-4f));
    }

    @Test
    void splitIsSeventyTenTwentyStratifiedDisjointAndSeeded() {
        LabelledDataset data = dataset(1000, 500);
        DatasetSplit split = DatasetSplit.of(data, 7);
        assertThat(split.train().counts()).containsEntry("ham", 700).containsEntry("spam", 350);
        assertThat(split.validation().counts()).containsEntry("ham", 100).containsEntry("spam", 50);
        assertThat(split.test().counts()).containsEntry("ham", 200).containsEntry("spam", 100);
        var all = new HashSet<LabelledText>();
        all.addAll(split.train().examples());
        all.addAll(split.validation().examples());
        all.addAll(split.test().examples());
        assertThat(all).hasSize(1500);
        assertThat(DatasetSplit.of(data, 7)).isEqualTo(split);
        assertThat(DatasetSplit.of(data, 8).train()).isNotEqualTo(split.train());
        // shuffled: the train part does not list all ham before all spam
        assertThat(split.train().examples().subList(0, 700)).anyMatch(e -> e.label().equals("spam"));
    }
}
