package jgpt.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BPE training: merges worked out by hand, round trips, saving and loading, and a 5,000-token vocabulary. */
class BpeTrainerTest {
    private static final List<String> END_OF_TEXT = List.of("<|endoftext|>");

    @Test
    void learnsTheMergesWorkedOutByHand() {
        // Words: "low" x1, " low" x4, " lower" x2, " newest" x6, " widest" x3. Counts before merge 1:
        // "es" 9 and "st" 9 tie, and "e" sorts before "s"; then "es t" 9; "l o" 7 ties "o w" 7; and so on,
        // ties going to the pair whose left token's bytes sort first (a space sorts before letters).
        String corpus = "low low low low low lower lower newest newest newest newest newest newest widest widest widest";
        BpeVocabulary vocabulary = BpeTrainer.train(List.of(corpus), 256 + 15 + 1, END_OF_TEXT, BpeTrainer.Progress.NONE);
        assertThat(mergesAsText(vocabulary)).containsExactly(
                "e|s", "es|t", "l|o", "lo|w", " |low", " |n", " n|e", " ne|w", " new|est",
                " |w", " w|i", " wi|d", " wid|est", " low|e", " lowe|r");
        assertThat(vocabulary.size()).isEqualTo(272);
        assertThat(vocabulary.specialTokens()).containsEntry("<|endoftext|>", 271);
    }

    @Test
    void learnsTheSmallExampleByHand() {
        // Words "aaab", " aaab", " ab": pairs (a,a) 4, (a,b) 3, (space,a) 2. After "aa" and "ab", (aa,ab) 2;
        // then two pairs of count 1 start with a space, and "aaab" sorts before "ab".
        BpeVocabulary vocabulary = BpeTrainer.train(List.of("aaab aaab ab"), 1000, List.of(), BpeTrainer.Progress.NONE);
        assertThat(mergesAsText(vocabulary)).containsExactly("a|a", "a|b", "aa|ab", " |aaab", " |ab");
        assertThat(vocabulary.size()).as("stops when no pair is left").isEqualTo(256 + 5);
        assertThat(vocabulary.tokenBytes(220)).as("byte tokens in GPT-2's order").isEqualTo(new byte[] {' '});
    }

    @Test
    void encodesItsTrainingTextBackAndSurvivesSavingAndLoading(@TempDir Path dir) {
        String corpus = TestCorpus.documents().getFirst().text().substring(0, 400_000)
                + TestCorpus.documents().getLast().text().substring(0, 100_000);
        BpeVocabulary vocabulary = BpeTrainer.train(List.of(corpus), 2000, END_OF_TEXT, BpeTrainer.Progress.NONE);
        assertThat(vocabulary.size()).isEqualTo(2000);
        Tokenizer trained = new ByteLevelBpe(vocabulary);
        int[] ids = trained.encode(corpus + "<|endoftext|>", Set.of("<|endoftext|>"));
        assertThat(ids[ids.length - 1]).isEqualTo(1999);
        assertThat(trained.decode(ids)).isEqualTo(corpus + "<|endoftext|>");
        assertThat(ids.length).as("merges compress the text").isLessThan(corpus.length() / 2);

        VocabMergesFiles.write(vocabulary, dir);
        Tokenizer loaded = Tokenizers.load(dir);
        assertThat(loaded.encodeOrdinary(corpus)).isEqualTo(trained.encodeOrdinary(corpus));
        assertThat(loaded.endOfTextId()).hasValue(1999);
    }

    @Test
    void countsTheSameWordsWhenTheCorpusIsCutIntoChunks() {
        String text = TestCorpus.documents().get(2).text();
        List<String> chunks = WordCounter.chunks(text);
        assertThat(chunks).hasSizeGreaterThan(1);
        assertThat(String.join("", chunks)).isEqualTo(text);
        assertThat(WordCounter.count(chunks)).isEqualTo(WordCounter.count(List.of(text)));
        var whole = new java.util.HashMap<String, Long>();
        char[] chars = text.toCharArray();
        for (int pos = 0, end; pos < chars.length; pos = end) {
            end = Gpt2PreTokenizer.pieceEnd(chars, pos, chars.length);
            whole.merge(text.substring(pos, end), 1L, Long::sum);
        }
        assertThat(WordCounter.count(List.of(text))).isEqualTo(whole);
    }

    @Test
    void refusesAVocabularyTooSmallForTheBytes() {
        assertThatThrownBy(() -> BpeTrainer.train(List.of("abc"), 256, END_OF_TEXT, BpeTrainer.Progress.NONE))
                .hasMessage("The vocabulary size must be at least 257: 256 byte tokens and 1 special tokens.");
    }

    private static List<String> mergesAsText(BpeVocabulary vocabulary) {
        return vocabulary.mergeList().stream()
                .map(m -> new String(vocabulary.tokenBytes(m[0]), StandardCharsets.UTF_8) + "|"
                        + new String(vocabulary.tokenBytes(m[1]), StandardCharsets.UTF_8))
                .toList();
    }
}
