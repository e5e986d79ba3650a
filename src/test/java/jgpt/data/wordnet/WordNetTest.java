package jgpt.data.wordnet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WordNetTest {
    private static final String ABLE = "00001740 00 a 01 able 0 002 = 05207437 n 0000 ! 00002098 a 0101 | (usually followed by"
            + " `to') having the necessary means or skill; \"able to swim\"; \"she was able to program her computer\"  ";
    private static final String UNABLE = "00002098 00 a 01 unable 0 001 ! 00001740 a 0101 | (usually followed by `to') not"
            + " having the necessary means or skill; \"unable to get to town without a car\"  ";
    private static final String SEDATE = "00022309 29 v 02 sedate 0 calm_down 0 002 @ 00019441 v 0000 ! 00022679 v 0102 01 + 09 00"
            + " | cause to be calm or quiet as by administering a sedative to; \"The patient must be sedated\"  ";
    private static final String GALORE = "00000010 00 s 02 galore(ip) 0 a_lot 1 000 | in great numbers  ";

    @Test
    void parsesAdjectiveLineWithLexicalAntonym() {
        Synset able = WordNetFiles.parseSynset(ABLE);
        assertThat(able.pos()).isEqualTo(PartOfSpeech.ADJECTIVE);
        assertThat(able.offset()).isEqualTo(1740);
        assertThat(able.words()).containsExactly("able");
        assertThat(able.pointers()).containsExactly(
                new Pointer("=", PartOfSpeech.NOUN, 5207437, 0, 0),
                new Pointer("!", PartOfSpeech.ADJECTIVE, 2098, 1, 1));
        assertThat(able.definition()).isEqualTo("(usually followed by `to') having the necessary means or skill");
        assertThat(able.examples()).containsExactly("able to swim", "she was able to program her computer");
    }

    @Test
    void parsesVerbFramesHexWordNumbersAndMarkers() {
        Synset sedate = WordNetFiles.parseSynset(SEDATE);
        assertThat(sedate.words()).containsExactly("sedate", "calm down");
        assertThat(sedate.pointers().get(1)).isEqualTo(new Pointer("!", PartOfSpeech.VERB, 22679, 1, 2));
        assertThat(sedate.definition()).isEqualTo("cause to be calm or quiet as by administering a sedative to");

        Synset galore = WordNetFiles.parseSynset(GALORE);
        assertThat(galore.pos()).isEqualTo(PartOfSpeech.ADJECTIVE);
        assertThat(galore.words()).containsExactly("galore", "a lot");
        assertThat(galore.examples()).isEmpty();
    }

    @Test
    void malformedLineIsNamed() {
        assertThatThrownBy(() -> WordNetFiles.parseSynset("00001740 00 a zz able"))
                .hasMessageStartingWith("not a WordNet data line: 00001740 00 a zz able");
    }

    @Test
    void readsDirectoryResolvesPointersAndExceptionLists(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("data.adj"), "  1 This software and database is being provided\n" + ABLE + "\n" + UNABLE + "\n");
        for (String pos : List.of("noun", "verb", "adv")) Files.writeString(dir.resolve("data." + pos), "  1 header\n");
        Files.writeString(dir.resolve("noun.exc"), "geese goose\nmice mouse\n");
        WordNet wordNet = WordNet.read(dir);

        Synset able = wordNet.synsets(PartOfSpeech.ADJECTIVE).getFirst();
        Pointer antonym = able.pointers().get(1);
        assertThat(wordNet.target(antonym).word(antonym.targetWord())).isEqualTo("unable");
        assertThat(wordNet.senses("ABLE")).containsExactly(able);
        assertThat(wordNet.senses("missing")).isEmpty();
        assertThat(wordNet.inflections(PartOfSpeech.NOUN)).containsEntry("goose", List.of("geese")).containsEntry("mouse", List.of("mice"));
        assertThat(wordNet.inflections(PartOfSpeech.VERB)).isEmpty();
    }

    @Test
    void missingDataFileIsOneSentence(@TempDir Path dir) {
        assertThatThrownBy(() -> WordNet.read(dir)).hasMessage("WordNet file data.noun is missing from " + dir + ".");
    }
}
