package jgpt.generate;

import java.util.ArrayList;
import java.util.List;
import jgpt.tokenizer.Tokenizer;
import jgpt.tokenizer.Tokenizers;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextStreamTest {
    private static final Tokenizer GPT2 = Tokenizers.gpt2();

    private static List<String> stream(String text, List<String> stops, boolean[] stopped) {
        List<String> pieces = new ArrayList<>();
        var stream = new TextStream(GPT2, stops, pieces::add);
        for (int id : GPT2.encode(text)) {
            if (!stream.accept(id)) {
                stopped[0] = true;
                break;
            }
        }
        stream.finish();
        assertThat(String.join("", pieces)).isEqualTo(stream.text());
        return pieces;
    }

    @Test
    void charactersSplitAcrossTokensAreEmittedWhole() {
        String text = "naïve 日本語 text 🙂 ok";
        boolean[] stopped = {false};
        List<String> pieces = stream(text, List.of(), stopped);
        assertThat(String.join("", pieces)).isEqualTo(text);
        assertThat(pieces).noneMatch(p -> p.contains("\uFFFD"));
        assertThat(pieces.size()).isGreaterThan(5);
        assertThat(stopped[0]).isFalse();
    }

    @Test
    void textStopsBeforeAStopStringAndItsPrefixIsHeldBack() {
        boolean[] stopped = {false};
        List<String> pieces = stream("Answer: yes.\n### Instruction: more", List.of("\n###", "never"), stopped);
        assertThat(String.join("", pieces)).isEqualTo("Answer: yes.");
        assertThat(stopped[0]).isTrue();
    }

    @Test
    void aHeldBackPrefixThatIsNotAStopIsEmittedLater() {
        boolean[] stopped = {false};
        List<String> pieces = stream("a #x and ## y", List.of("###"), stopped);
        assertThat(String.join("", pieces)).isEqualTo("a #x and ## y");
        assertThat(stopped[0]).isFalse();
    }
}
