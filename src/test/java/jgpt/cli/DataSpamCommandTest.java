package jgpt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import jgpt.data.labelled.LabelledFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSpamCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheCorpusAsJsonLines() throws IOException {
        Path tgz = tmp.resolve("corpus.tgz");
        try (InputStream in = getClass().getResourceAsStream("/spam-assassin/mini-npm.tgz")) {
            Files.copy(in, tgz);
        }
        Path out = tmp.resolve("spam.jsonl");
        var run = ModelCommandsTest.jgpt("data", "spam", "--corpus", tgz.toString(), "--out", out.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("wrote 4 messages ({ham=2, spam=2})");
        assertThat(LabelledFiles.read(out).counts()).containsEntry("ham", 2).containsEntry("spam", 2);
    }

    @Test
    void aMissingCorpusIsOneSentence() {
        var run = ModelCommandsTest.jgpt("data", "spam", "--corpus", tmp.resolve("nope.tgz").toString(), "--out", tmp.resolve("o").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("jgpt: The SpamAssassin corpus " + tmp.resolve("nope.tgz")
                + " does not exist; fetch it with scripts/data/fetch-spamassassin.sh.");
    }
}
