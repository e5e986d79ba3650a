package jgpt.data.pretrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shared text rules, with whitespace and line breaks as Python's str methods define them. */
class CorpusTextTest {
    @Test
    void tidyDropsControlCharactersTrailingSpacesAndBlankRuns() {
        assertThat(CorpusText.tidy("\u00A0 one\u0000\u0007 \t\r\n\r\n\r\n\r\ntwo\rthree\u007F\t \n\n\n\n")).isEqualTo("one\n\ntwo\nthree");
    }

    @Test
    void unwrapJoinsLinesIntoParagraphs() {
        assertThat(CorpusText.unwrap("  first\n   line\n \u2003\n\n second\tparagraph \n\n\n")).isEqualTo("first line\n\nsecond paragraph");
    }

    @Test
    void linesBreakWhereSplitlinesDoes() {
        assertThat(CorpusText.lines("a\r\nb\rc\u000Bd\u001Ce\u0085f\u2028g\n\nh\n")).containsExactly("a", "b", "c", "d", "e", "f", "g", "", "h");
        assertThat(CorpusText.lines("")).isEmpty();
        assertThat(CorpusText.lines("\n")).containsExactly("");
    }

    @Test
    void stripAndWordsTakeNoBreakSpacesAndInformationSeparatorsAsSpace() {
        assertThat(CorpusText.strip("\u00A0\u001F x y \u3000")).isEqualTo("x y");
        assertThat(CorpusText.words(" a\u00A0b\u2009c\u001Dd  ")).containsExactly("a", "b", "c", "d");
        assertThat(CorpusText.words(" \t ")).isEmpty();
        // a zero-width space is not whitespace
        assertThat(CorpusText.words("a\u200Bb")).containsExactly("a\u200Bb");
    }

    @Test
    void splitKeepsEmptyPiecesAtBothEnds() {
        assertThat(CorpusText.split(Pattern.compile(","), ",a,,b,")).containsExactly("", "a", "", "b", "");
    }
}
