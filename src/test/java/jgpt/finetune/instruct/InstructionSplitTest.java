package jgpt.finetune.instruct;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstructionSplitTest {
    private static List<InstructionExample> numbered(int n) {
        return IntStream.range(0, n).mapToObj(i -> new InstructionExample("q" + i, "", "a" + i)).toList();
    }

    @Test
    void booksProportionsFromASeededShuffle() {
        // the book: train int(0.85 n), test int(0.10 n), validation the rest; 1100 records as in its data set
        InstructionSplit split = InstructionSplit.of(numbered(1100), 123);
        assertThat(split.train()).hasSize(935);
        assertThat(split.test()).hasSize(110);
        assertThat(split.validation()).hasSize(55);
        List<InstructionExample> all = new ArrayList<>(split.train());
        all.addAll(split.test());
        all.addAll(split.validation());
        assertThat(new HashSet<>(all)).isEqualTo(new HashSet<>(numbered(1100)));
        assertThat(split.train()).isNotEqualTo(numbered(1100).subList(0, 935));
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        assertThat(InstructionSplit.of(numbered(200), 5)).isEqualTo(InstructionSplit.of(numbered(200), 5));
        assertThat(InstructionSplit.of(numbered(200), 5).test()).isNotEqualTo(InstructionSplit.of(numbered(200), 6).test());
    }

    @Test
    void partsByName() {
        InstructionSplit split = InstructionSplit.of(numbered(100), 1);
        assertThat(split.part("test")).isEqualTo(split.test());
        assertThatThrownBy(() -> split.part("dev")).hasMessage("There is no split called 'dev'; the splits are: train, validation, test.");
    }
}
