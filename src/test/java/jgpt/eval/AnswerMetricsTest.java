package jgpt.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AnswerMetricsTest {
    @Test
    void normalizationIgnoresCasePunctuationArticlesAndSpacing() {
        assertThat(AnswerMetrics.normalize("  The  Geese, an ox!  ")).isEqualTo("geese ox");
        assertThat(AnswerMetrics.exactMatch("Geese.", "geese")).isTrue();
        assertThat(AnswerMetrics.exactMatch("the geese", "geese")).isTrue();
        assertThat(AnswerMetrics.exactMatch("gooses", "geese")).isFalse();
    }

    @Test
    void tokenF1CountsSharedWordsWithRepeats() {
        // prediction "7000 meters meters" vs reference "7000 meters": shared 2, precision 2/3, recall 1 -> 0.8
        assertThat(AnswerMetrics.tokenF1("7000 meters meters", "7000 meters")).isCloseTo(0.8, within(1e-12));
        // "a kind of dog" -> [kind, of, dog]; reference [aardvark, is, kind, of, placental]: shared 2, p 2/3, r 2/5 -> 0.5
        assertThat(AnswerMetrics.tokenF1("a kind of dog", "Aardvark is a kind of placental.")).isCloseTo(0.5, within(1e-12));
        assertThat(AnswerMetrics.tokenF1("cat", "dog")).isZero();
        assertThat(AnswerMetrics.tokenF1("", "dog")).isZero();
        assertThat(AnswerMetrics.tokenF1("the", "a")).isEqualTo(1.0);
    }

    @Test
    void summaryAveragesOverResponses() {
        var summary = AnswerMetrics.summarize(List.of(new ModelResponse("p", "geese", "Geese"),
                new ModelResponse("p", "7000 meters", "7000 meters meters"), new ModelResponse("p", "tac", "cat")));
        assertThat(summary.count()).isEqualTo(3);
        assertThat(summary.exactMatch()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(summary.tokenF1()).isCloseTo((1 + 0.8 + 0) / 3, within(1e-12));
    }
}
