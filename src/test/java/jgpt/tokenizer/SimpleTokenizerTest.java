package jgpt.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Chapter 2's simple tokenizer, on examples worked out by hand. */
class SimpleTokenizerTest {
    private final SimpleTokenizer tokenizer = SimpleTokenizer.fromText("Hello, world. Is this-- a test?");

    @Test
    void splitsLikeTheBook() {
        assertThat(SimpleTokenizer.split("Hello, world. Is this-- a test?"))
                .containsExactly("Hello", ",", "world", ".", "Is", "this", "--", "a", "test", "?");
    }

    @Test
    void buildsASortedVocabularyWithTheTwoSpecialTokensLast() {
        assertThat(tokenizer.words()).containsExactly(
                ",", "--", ".", "?", "Hello", "Is", "a", "test", "this", "world", "<|endoftext|>", "<|unk|>");
        assertThat(tokenizer.vocabSize()).isEqualTo(12);
    }

    @Test
    void encodesUnknownWordsAsUnkAndDecodesPunctuationBack() {
        int[] ids = tokenizer.encode("Hello, tea world? <|endoftext|> Is this a test.");
        assertThat(ids).containsExactly(4, 0, 11, 9, 3, 10, 5, 8, 6, 7, 2);
        assertThat(tokenizer.decode(ids)).isEqualTo("Hello, <|unk|> world? <|endoftext|> Is this a test.");
        assertThat(tokenizer.decode(tokenizer.encode("Is this-- a test?"))).isEqualTo("Is this -- a test?");
    }

    @Test
    void refusesUnknownIds() {
        assertThatThrownBy(() -> tokenizer.decode(new int[] {12}))
                .hasMessage("Token id 12 is not in the vocabulary (ids run from 0 to 11).");
    }
}
