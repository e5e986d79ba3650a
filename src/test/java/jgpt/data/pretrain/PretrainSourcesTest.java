package jgpt.data.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each source format on its hand-written sample (test resources pretrain/raw), against documents written out by hand from the rules. */
class PretrainSourcesTest {
    @TempDir
    static Path tmp;

    static Path raw;

    @BeforeAll
    static void createRawFolder() {
        raw = RawSamples.create(tmp.resolve("raw"));
    }

    @Test
    void gcideDropsThePrefacePronunciationsAndSourceTagsAndSpellsOutLetterCodes() {
        assertThat(new GcideDictionary().documents(raw)).containsExactly(
                "A (named a in the English, and most commonly ä in other languages). The first letter of the English alphabet; see Alpha.",
                "Absolute, a. [L. absolutus.] 1. Loosed from any limitation, unconditional; as, an æsthetic or naive absolute promise."
                        + "\n\n2. Complete in itself; § 4.",
                // "Ax, n." is too short to keep; [xyz] and [$] are no letter codes
                "Zymome, n. A glutinous [xyz] substance √2 [$].");
    }

    @Test
    void kjvIsAChapterPerDocumentWithVersesUnindented() {
        assertThat(new KjvChapters().documents(raw)).containsExactly(
                "Genesis 1\n\n1 In the beginning God created the heaven and the earth.\n2 And the earth was without form, and void.",
                "1 Kings 3\n1 And Solomon made affinity with Pharaoh king of Egypt.\n\n2 Only the people sacrificed in high places.",
                "Song of Solomon 2\n1 I am the rose of Sharon, and the lily of the valleys.");
    }

    @Test
    void fortunesAreSplitAtPercentLinesSkippingIndexesAndBlankOnes() {
        assertThat(new FortuneCookies().documents(raw)).containsExactly(
                "A clash of doctrine is not a disaster -- it is an opportunity.",
                "(1) Avoid fried meats which angry up the blood.\n(2) Don't look back, something might be gaining on you.\n\t\t-- S. Paige, c. 1951",
                "Last one, without a closing percent line.",
                "Two files are read in name order.");
    }

    @Test
    void brownLosesItsTagsAndGetsItsPunctuationJoinedBack() {
        assertThat(new BrownCorpus().documents(raw)).containsExactly(
                "The Fulton County Grand Jury said \"no evidence\" was found.\n"
                        + "It is the jury's opinion, and it didn't help (much).\n"
                        + "He said \"they'll come\"; 1/2 was left.",
                "A second text!");
    }

    @Test
    void nlpCorpusTakesTheStringsOfItsFilesInNumberOrder() {
        assertThat(new NlpCorpus().documents(raw)).containsExactly(
                "Second file, first text.", "Line one\nline two", "Tenth file comes after the second.");
    }

    @Test
    void europarlKeepsTheTitleDropsTheDateAndBreaksLinesAtRunsOfSpaces() {
        assertThat(new EuroparlSpeeches().documents(raw)).containsExactly(
                "Debate title\n\nFirst paragraph.\nSecond paragraph.\nStill second?",
                "Résumé\n\nÇa va.");
    }

    @Test
    void spamAssassinTidiesEachMailAndSkipsBlankOnes() {
        assertThat(new SpamAssassinMails().documents(raw)).containsExactly("Subject line\n\nBody", "Win <|endoftext|> now");
    }

    @Test
    void wordNetIsAHundredGlossesPerDocument() {
        List<String> documents = new WordNetGlosses().documents(raw);
        assertThat(documents).hasSize(3);
        assertThat(documents.get(0).split("\n")).hasSize(100).startsWith("word1: gloss number 1").endsWith("word100: gloss number 100");
        assertThat(documents.get(2)).isEqualTo(String.join("\n", RawSamples.gloss(201), RawSamples.gloss(202), RawSamples.gloss(203),
                RawSamples.gloss(204), RawSamples.gloss(205)));
    }

    @Test
    void bytesThatAreNotUtf8AreDroppedAndTheRestKept() throws IOException {
        Path file = tmp.resolve("broken.txt");
        Files.write(file, new byte[] {'c', 'a', 'f', (byte) 0xC3, '!', (byte) 0xE2, (byte) 0x82});
        assertThat(RawFiles.readLenientUtf8(file)).isEqualTo("caf!");
    }

    @Test
    void aFileThatIsNotGcideIsOneSentence() throws IOException {
        Path other = Files.createDirectories(tmp.resolve("not-gcide"));
        Files.copy(raw.resolve(EuroparlSpeeches.FILE), other.resolve(GcideDictionary.FILE));
        assertThatThrownBy(() -> new GcideDictionary().documents(other))
                .hasMessage(other.resolve(GcideDictionary.FILE) + " has no entry \"A \\A\\\"; is it GCIDE's dictd file?");
    }
}
