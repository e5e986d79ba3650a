package jgpt.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The hand-written scanner against GPT-2's pattern run by java.util.regex in Unicode mode. */
class Gpt2PreTokenizerTest {
    private static final Pattern GPT2 = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    @Test
    void splitsLikeGpt2OnHandPickedCases() {
        assertThat(pieces("Hello world")).containsExactly("Hello", " world");
        assertThat(pieces("I'm sure they'll've")).containsExactly("I", "'m", " sure", " they", "'ll", "'ve");
        assertThat(pieces("a   b")).containsExactly("a", "  ", " b");
        assertThat(pieces("x\n\n y  ")).containsExactly("x", "\n\n", " y", "  ");
        assertThat(pieces("price: $1,000.50!!")).containsExactly("price", ":", " $", "1", ",", "000", ".", "50", "!!");
        assertThat(pieces("tab\tnew\nline")).containsExactly("tab", "\t", "new", "\n", "line");
        assertThat(pieces("👍🏽 ok")).containsExactly("👍🏽", " ok");
    }

    @ParameterizedTest
    @EnumSource(RandomText.class)
    void splitsLikeTheRegexOnRandomText(RandomText kind) {
        var random = new Random(7L + kind.ordinal());
        for (int i = 0; i < 1000; i++) {
            String text = kind.generate(random, 30);
            assertThat(pieces(text)).as(kind + " string " + i + ": " + text).isEqualTo(regexPieces(text));
        }
    }

    private static List<String> pieces(String text) {
        char[] chars = text.toCharArray();
        var pieces = new ArrayList<String>();
        for (int pos = 0, end; pos < chars.length; pos = end) {
            end = Gpt2PreTokenizer.pieceEnd(chars, pos, chars.length);
            pieces.add(text.substring(pos, end));
        }
        return pieces;
    }

    private static List<String> regexPieces(String text) {
        var pieces = new ArrayList<String>();
        Matcher matcher = GPT2.matcher(text);
        while (matcher.find()) pieces.add(matcher.group());
        return pieces;
    }
}
