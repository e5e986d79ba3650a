package jgpt.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** GPT-2's ids against JTokkit's on thousands of seeded random strings, and decode(encode(s)) == s. */
class RandomStringParityTest {
    private static final int STRINGS_PER_KIND = 1500;

    @ParameterizedTest
    @EnumSource(RandomText.class)
    void idsMatchJTokkitAndRoundTrip(RandomText kind) {
        Tokenizer gpt2 = Tokenizers.gpt2();
        var random = new Random(1000L + kind.ordinal());
        for (int i = 0; i < STRINGS_PER_KIND; i++) {
            String text = kind.generate(random, 40);
            // tiktoken (so GPT-2) encodes a lone surrogate as U+FFFD; JTokkit would encode it as '?'.
            String asTiktokenSees = RandomText.replaceLoneSurrogates(text);
            int[] ids = gpt2.encodeOrdinary(text);
            Gpt2ParityTest.assertSameIds(kind + " string " + i, ids,
                    Gpt2ParityTest.JTOKKIT.encodeOrdinary(asTiktokenSees).toArray(), gpt2);
            assertThat(gpt2.decode(ids)).as(kind + " string " + i).isEqualTo(asTiktokenSees);
        }
    }
}
