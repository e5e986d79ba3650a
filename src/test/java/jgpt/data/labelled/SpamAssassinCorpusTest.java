package jgpt.data.labelled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import jgpt.io.CorruptFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpamAssassinCorpusTest {
    @TempDir
    Path dir;

    private Path copy(String resource, Path target) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            Files.createDirectories(target.getParent());
            Files.copy(in, target);
        }
        return target;
    }

    @Test
    void readsTheNpmTarballWithLabelsFromFolders() throws IOException {
        Path tgz = copy("/spam-assassin/mini-npm.tgz", dir.resolve("mini.tgz"));
        LabelledDataset data = SpamAssassinCorpus.read(tgz);
        assertThat(data.counts()).containsEntry("ham", 2).containsEntry("spam", 2);
        assertThat(data.examples()).extracting(LabelledText::label).containsExactly("ham", "ham", "spam", "spam");
        assertThat(data.examples().get(0).text()).isEqualTo("Meeting notes\n\nNotes from today's meeting: ship on Friday.\nSee you there.");
        assertThat(data.examples().get(1).text()).startsWith("Café à la carte\n\nPrix: 10 € seulement");
        assertThat(data.examples().get(3).text()).startsWith("Offer\n\n").contains("Grüße & bye").doesNotContain("<p>");
    }

    @Test
    void readsFoldersOfRawMessages() throws IOException {
        copy("/mail/plain-qp.eml", dir.resolve("corpus/easy_ham/00001.abc"));
        copy("/mail/html-as-plain.eml", dir.resolve("corpus/spam_2/00001.def"));
        Files.writeString(dir.resolve("corpus/spam_2/cmds"), "mv 00001.def 00001\n");
        Files.writeString(dir.resolve("corpus/README"), "not a message");
        LabelledDataset data = SpamAssassinCorpus.read(dir.resolve("corpus"));
        assertThat(data.examples()).containsExactly(
                new LabelledText("Café à la carte\n\nPrix: 10 € seulement pour vous.\nA=B, and a stray =ZZ stays.", "ham"),
                new LabelledText("WIN\n\nWIN BIG\nmoney now click", "spam"));
    }

    @Test
    void badCorporaAreOneSentence() throws IOException {
        assertThatThrownBy(() -> SpamAssassinCorpus.read(dir.resolve("absent.tgz")))
                .hasMessage("The SpamAssassin corpus " + dir.resolve("absent.tgz") + " does not exist; fetch it with scripts/data/fetch-spamassassin.sh.");
        byte[] whole = getClass().getResourceAsStream("/spam-assassin/mini-npm.tgz").readAllBytes();
        Path cut = Files.write(dir.resolve("cut.tar"), java.util.Arrays.copyOf(ungzip(whole), 2000));
        assertThatThrownBy(() -> SpamAssassinCorpus.read(cut))
                .isInstanceOf(CorruptFileException.class)
                .hasMessage(cut + " ends in the middle of a tar entry; the archive is truncated.");
        Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> SpamAssassinCorpus.read(dir.resolve("empty")))
                .hasMessage(dir.resolve("empty") + " holds no SpamAssassin messages (folders named like easy-ham-1 and spam-1).");
    }

    private static byte[] ungzip(byte[] gz) throws IOException {
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }
}
