package jgpt.data.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import jgpt.data.pretrain.PretrainCorpus.SourceSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Slicing each source in order, and the files and summaries written for all of them. */
class PretrainCorpusTest {
    @TempDir
    Path tmp;

    @Test
    void eachSourcesLastDocumentsGoToTheLastSlice() {
        List<String> documents = IntStream.range(0, 7).mapToObj(i -> "d" + i).toList();
        assertThat(PretrainCorpus.slices(documents, 3)).containsExactly(List.of("d0", "d1"), List.of("d2", "d3"), List.of("d4", "d5", "d6"));
        assertThat(PretrainCorpus.slices(List.of("a", "b"), 3)).containsExactly(List.of(), List.of("a"), List.of("b"));
        assertThat(PretrainCorpus.slices(documents, 1)).containsExactly(documents);
    }

    @Test
    void slicesKeepOrderAndDifferInSizeByAtMostOne() {
        List<String> documents = IntStream.range(0, 1003).mapToObj(Integer::toString).toList();
        List<List<String>> slices = PretrainCorpus.slices(documents, 20);
        assertThat(slices).hasSize(20);
        assertThat(slices.stream().flatMap(List::stream)).containsExactlyElementsOf(documents);
        assertThat(slices).allSatisfy(slice -> assertThat(slice.size()).isBetween(50, 51));
        assertThat(slices.getLast().getLast()).isEqualTo("1002");
    }

    @Test
    void writesEverySourceInSlicesJoinedWithTheEndOfTextMarker() throws IOException {
        Path raw = RawSamples.create(tmp.resolve("raw"));
        Path out = tmp.resolve("text");
        List<SourceSummary> summaries = new ArrayList<>();
        PretrainCorpus.write(raw, out, 2, summaries::add);

        assertThat(summaries).extracting(SourceSummary::name, SourceSummary::documents).containsExactly(
                tuple("gcide", 3), tuple("kjv", 3),
                tuple("fortunes", 4), tuple("brown", 2),
                tuple("nlp-corpus", 3), tuple("europarl", 2),
                tuple("spamassassin", 2), tuple("wordnet", 3));
        // a marker inside a document is removed, so that it cannot end the document early
        assertThat(Files.readString(out.resolve("00/spamassassin.txt"))).isEqualTo("Subject line\n\nBody\n");
        assertThat(Files.readString(out.resolve("01/spamassassin.txt"))).isEqualTo("Win  now\n");
        assertThat(Files.readString(out.resolve("01/kjv.txt"))).isEqualTo(
                "1 Kings 3\n1 And Solomon made affinity with Pharaoh king of Egypt.\n\n2 Only the people sacrificed in high places."
                        + "<|endoftext|>Song of Solomon 2\n1 I am the rose of Sharon, and the lily of the valleys.\n");
        assertThat(summaries).allSatisfy(summary -> assertThat(summary.bytes())
                .isEqualTo(Files.size(out.resolve("00/" + summary.name() + ".txt")) + Files.size(out.resolve("01/" + summary.name() + ".txt"))));
        try (var files = Files.walk(out)) {
            assertThat(files.filter(Files::isRegularFile)).hasSize(16);
        }
    }

    @Test
    void aSourceWithNoDocumentsIsOneSentence() throws IOException {
        Path raw = RawSamples.create(tmp.resolve("raw"));
        Files.writeString(raw.resolve(KjvChapters.FILE), " \n\n");
        assertThatThrownBy(() -> PretrainCorpus.write(raw, tmp.resolve("text"), 2, summary -> { }))
                .hasMessage("The source kjv gave no text; look at " + raw + ".");
    }
}
