package jgpt.cli;

import static jgpt.cli.ModelCommandsTest.jgpt;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import jgpt.data.pretrain.RawSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jgpt data pretrain-corpus: the table of sources it prints, and a missing raw folder. */
class DataPretrainCorpusCommandTest {
    @TempDir
    Path tmp;

    @Test
    void printsATableOfSourcesAndWritesTheirSlices() {
        Path raw = RawSamples.create(tmp.resolve("raw"));
        Path out = tmp.resolve("text");
        var run = jgpt("data", "pretrain-corpus", "--raw", raw.toString(), "--out", out.toString(), "--chunks", "2");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).containsExactly(
                "source          documents          bytes",
                "gcide                   3            332",
                "kjv                     3            310",
                "fortunes                4            290",
                "brown                   2            165",
                "nlp-corpus              3             90",
                "europarl                2             81",
                "spamassassin            2             28",
                "wordnet                 3           5126");
        assertThat(out.resolve("01/wordnet.txt")).isRegularFile();
        assertThat(out.resolve("02")).doesNotExist();
    }

    @Test
    void aMissingSourceFileIsOneSentence() throws Exception {
        Path raw = Files.createDirectories(tmp.resolve("empty"));
        var run = jgpt("data", "pretrain-corpus", "--raw", raw.toString(), "--out", tmp.resolve("text").toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err().strip()).isEqualTo("jgpt: " + raw.resolve("gcide.dict.dz") + " does not exist.");
    }

    @Test
    void chunksBelowOneIsOneSentence() {
        var run = jgpt("data", "pretrain-corpus", "--raw", tmp.toString(), "--out", tmp.resolve("text").toString(), "--chunks", "0");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err().strip()).isEqualTo("jgpt: --chunks must be at least 1, got 0.");
    }
}
