package jgpt.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** GPT-2's tokenizer: known ids, special tokens the tiktoken way, and decoding errors. */
class Gpt2TokenizerTest {
    private final Tokenizer gpt2 = Tokenizers.gpt2();

    @Test
    void knowsGpt2sIds() {
        assertThat(gpt2.encode("Hello world")).containsExactly(15496, 995);
        assertThat(gpt2.decode(new int[] {15496, 995})).isEqualTo("Hello world");
        assertThat(gpt2.vocabSize()).isEqualTo(50257);
        assertThat(gpt2.endOfTextId()).hasValue(50256);
        assertThat(gpt2.specialTokens()).containsExactly("<|endoftext|>");
        assertThat(Tokenizers.gpt2()).isSameAs(gpt2);
    }

    @Test
    void refusesSpecialTokenTextUnlessAllowed() {
        assertThatThrownBy(() -> gpt2.encode("a<|endoftext|>b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("<|endoftext|>");
        assertThat(gpt2.encode("a<|endoftext|>b<|endoftext|>", Set.of("<|endoftext|>")))
                .containsExactly(64, 50256, 65, 50256);
        assertThat(gpt2.encodeOrdinary("<|endoftext|>"))
                .containsExactly(Gpt2ParityTest.JTOKKIT.encodeOrdinary("<|endoftext|>").toArray());
        assertThat(gpt2.decode(new int[] {64, 50256})).isEqualTo("a<|endoftext|>");
    }

    @Test
    void refusesAnAllowedNameThatIsNotSpecial() {
        assertThatThrownBy(() -> gpt2.encode("hi", Set.of("<|im_start|>")))
                .hasMessage("<|im_start|> is not a special token of this tokenizer.");
    }

    @Test
    void unknownIdsGetOneSentence() {
        assertThatThrownBy(() -> gpt2.decode(new int[] {15496, 50257}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Token id 50257 is not in the vocabulary (ids run from 0 to 50256).");
        assertThatThrownBy(() -> gpt2.decode(new int[] {-1})).hasMessageStartingWith("Token id -1 is not");
    }

    @Test
    void encodesTheSameFromManyThreadsAtOnce() throws Exception {
        String text = TestCorpus.documents().getLast().text().substring(0, 100_000);
        List<Future<int[]>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 64; i++) {
                int from = i * 997;
                results.add(threads.submit(() -> gpt2.encodeOrdinary(text.substring(from))));
            }
        }
        for (int i = 0; i < results.size(); i++) {
            assertThat(results.get(i).get()).isEqualTo(gpt2.encodeOrdinary(text.substring(i * 997)));
        }
    }

    @Test
    void decodesPartialCharactersAsReplacement() {
        int[] ids = gpt2.encode("🤖");
        assertThat(ids.length).isGreaterThan(1);
        assertThat(gpt2.decodeBytes(ids)).isEqualTo("🤖".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(gpt2.decode(new int[] {ids[0]})).contains("\uFFFD");
    }
}
