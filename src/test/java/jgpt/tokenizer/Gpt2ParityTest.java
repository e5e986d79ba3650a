package jgpt.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** GPT-2's ids from {@link Tokenizers#gpt2()} against JTokkit's r50k_base (an independent implementation) on real text. */
class Gpt2ParityTest {
    static final Encoding JTOKKIT = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.R50K_BASE);

    @Test
    void corpusIsAtLeastFiveMegabytesOfSeveralKinds() {
        long bytes = 0;
        for (var document : TestCorpus.documents()) {
            long size = document.text().getBytes(StandardCharsets.UTF_8).length;
            assertThat(size).as(document.kind()).isGreaterThan(300_000);
            bytes += size;
        }
        assertThat(bytes).isGreaterThan(5_000_000);
    }

    @Test
    void idsMatchJTokkitAndDecodeBackOnRealText() {
        Tokenizer gpt2 = Tokenizers.gpt2();
        for (var document : TestCorpus.documents()) {
            String text = document.text();
            int[] ids = gpt2.encodeOrdinary(text);
            assertSameIds(document.kind(), ids, JTOKKIT.encodeOrdinary(text).toArray(), gpt2);
            assertThat(gpt2.decode(ids)).as(document.kind()).isEqualTo(text);
        }
    }

    /** Fails with the first differing token and the text around it. */
    static void assertSameIds(String label, int[] actual, int[] expected, Tokenizer decoder) {
        int at = Arrays.mismatch(actual, expected);
        if (at < 0) return;
        int from = Math.max(0, at - 8);
        String context = decoder.decode(Arrays.copyOfRange(expected, from, Math.min(expected.length, at + 8)));
        throw new AssertionError(label + ": first difference at token " + at + ", expected "
                + Arrays.toString(Arrays.copyOfRange(expected, at, Math.min(expected.length, at + 8))) + " but got "
                + Arrays.toString(Arrays.copyOfRange(actual, at, Math.min(actual.length, at + 8)))
                + ", in the text \"" + context + "\"");
    }
}
