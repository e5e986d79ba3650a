package jgpt.data;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Data preparation against JTokkit's GPT-2 encoding applied to whole documents. */
class CorpusPreparerTest {
    private static final Encoding GPT2 = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
    private static final CorpusPreparer.Encoder ENCODER =
            new CorpusPreparer.Encoder("gpt2", t -> GPT2.encodeOrdinary(t).toArray(), 50257, 50256);

    @TempDir
    Path dir;

    /** Text with the whitespace patterns that matter to GPT-2's pre-tokenizer: runs of newlines and spaces. */
    private static String awkwardText(long seed, int lines) {
        Random rng = new Random(seed);
        String[] words = {"the", "cat", "sat", "on", "a", "mat.", "Über", "naïve", "café", "42", "x\ty", "'s", "!!", "  ", "日本"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            int n = rng.nextInt(9);
            for (int w = 0; w < n; w++) sb.append(w == 0 && rng.nextBoolean() ? "" : " ").append(words[rng.nextInt(words.length)]);
            sb.append(switch (rng.nextInt(6)) {
                case 0 -> "\n\n";
                case 1 -> " \n";
                case 2 -> "\n ";
                default -> "\n";
            });
        }
        return sb.toString();
    }

    @Test
    void piecesTokenizeExactlyLikeTheWholeFile() throws IOException {
        String text = awkwardText(1, 3000);
        Path file = Files.writeString(dir.resolve("a.txt"), text);
        List<Integer> ids = new ArrayList<>();
        int pieces = 0;
        try (var reader = new TextPieces(file, 100)) {
            for (var p = reader.next(); p != null; p = reader.next(), pieces++) for (int id : ENCODER.encode().apply(p.text())) ids.add(id);
        }
        assertThat(pieces).isGreaterThan(50);
        assertThat(ids).containsExactlyElementsOf(IntStream.of(GPT2.encodeOrdinary(text).toArray()).boxed().toList());
    }

    @Test
    void documentsAreJoinedWithEndOfTextAndTheTailIsValidation() throws IOException {
        String a = awkwardText(2, 400), b = awkwardText(3, 300);
        Files.createDirectories(dir.resolve("in/sub"));
        Files.writeString(dir.resolve("in/a.txt"), a);
        Files.writeString(dir.resolve("in/sub/b.txt"), b);
        Files.writeString(dir.resolve("in/.hidden"), "ignored");
        var files = CorpusPreparer.expandInputs(List.of(dir.resolve("in")));
        var options = new CorpusPreparer.Options(2, 0.25, 500, 64);
        long[] lastProgress = {0};
        var manifest = CorpusPreparer.prepare(files, dir.resolve("out"), ENCODER, options, done -> lastProgress[0] = done);

        List<Integer> expected = new ArrayList<>();
        for (int id : GPT2.encodeOrdinary(a).toArray()) expected.add(id);
        expected.add(50256);
        for (int id : GPT2.encodeOrdinary(b).toArray()) expected.add(id);
        var shards = TokenShards.open(dir.resolve("out"));
        List<Integer> actual = new ArrayList<>();
        for (int id : shards.train().toArray()) actual.add(id);
        for (int id : shards.validation().toArray()) actual.add(id);
        assertThat(actual).containsExactlyElementsOf(expected);
        double validationShare = (double) shards.validation().length() / expected.size();
        assertThat(validationShare).isBetween(0.2, 0.3);
        assertThat(manifest.documents()).isEqualTo(2);
        assertThat(manifest.splits().get("train").shards().size()).isGreaterThan(1);
        assertThat(lastProgress[0]).isEqualTo(a.getBytes(StandardCharsets.UTF_8).length + b.getBytes(StandardCharsets.UTF_8).length);

        long trainTokens = shards.train().length();
        // preparing again into the same directory replaces the earlier data set
        CorpusPreparer.prepare(files, dir.resolve("out"), ENCODER, new CorpusPreparer.Options(1, 0.5, 100_000, 1 << 20), d -> { });
        assertThat(TokenShards.open(dir.resolve("out")).train().length()).isLessThan(trainTokens);
        assertThat(Files.list(dir.resolve("out")).count()).isEqualTo(3);
    }

    @Test
    void badCorporaGetOneSentence() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        Path binary = Files.write(dir.resolve("data.bin"), new byte[] {'a', 0, 1, 2});
        Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9});
        var options = CorpusPreparer.Options.defaults();
        assertThatThrownBy(() -> CorpusPreparer.prepare(List.of(empty), dir.resolve("o1"), ENCODER, options, d -> { }))
                .hasMessage("the corpus is empty: 1 file(s) with no text");
        assertThatThrownBy(() -> CorpusPreparer.prepare(List.of(binary), dir.resolve("o2"), ENCODER, options, d -> { }))
                .hasMessage(binary + " is not a text file (it holds NUL bytes at byte 1)");
        assertThatThrownBy(() -> CorpusPreparer.prepare(List.of(latin1), dir.resolve("o3"), ENCODER, options, d -> { }))
                .hasMessage(latin1 + " is not UTF-8 text (near byte 0); convert it to UTF-8 first");
        assertThatThrownBy(() -> CorpusPreparer.expandInputs(List.of(dir.resolve("missing"))))
                .hasMessage("input " + dir.resolve("missing") + " does not exist");
        Path good = Files.writeString(dir.resolve("good.txt"), "Some text.");
        Files.createDirectories(dir.resolve("busy"));
        Files.writeString(dir.resolve("busy/notes.txt"), "x");
        assertThatThrownBy(() -> CorpusPreparer.prepare(List.of(good), dir.resolve("busy"), ENCODER, options, d -> { }))
                .hasMessage("output directory " + dir.resolve("busy") + " is not empty; choose a new one");
    }
}
