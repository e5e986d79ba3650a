package jgpt.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import jgpt.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jgpt tokenize} and {@code jgpt tokenizer train} as a user runs them. */
class TokenizerCommandsTest {
    private record Result(int exitCode, String out, String err) {
    }

    @Test
    void encodesTextAndFilesAndDecodesIds(@TempDir Path dir) throws IOException {
        assertThat(run("tokenize", "--text", "Hello world", "--output-ids").out()).isEqualTo("15496,995\n");
        assertThat(run("tokenize", "--decode", "15496,995").out()).isEqualTo("Hello world\n");
        assertThat(run("tokenize", "--text", "Hello world", "--count").out()).isEqualTo("2\n");

        String text = TestCorpus.documents().getLast().text().substring(0, 20_000);
        Path file = Files.writeString(dir.resolve("text.txt"), text);
        String expected = Arrays.stream(Tokenizers.gpt2().encode(text)).mapToObj(Integer::toString)
                .collect(Collectors.joining(","));
        assertThat(run("tokenize", "--input", file.toString(), "--output-ids").out()).isEqualTo(expected + "\n");
        assertThat(run("tokenize", "--decode", expected).out()).isEqualTo(text + "\n");
    }

    @Test
    void specialTokensAreRefusedUnlessAllowed() {
        Result refused = run("tokenize", "--text", "a<|endoftext|>");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("jgpt: --text contains the special token <|endoftext|>; pass --special allow"
                + " to encode it as one token, or --special text to encode it as plain text.\n");
        assertThat(run("tokenize", "--text", "a<|endoftext|>", "--special", "allow").out()).isEqualTo("64,50256\n");
        assertThat(run("tokenize", "--text", "a<|endoftext|>", "--special", "text").out())
                .isEqualTo("64,27,91,437,1659,5239,91,29\n");
    }

    @Test
    void badInputGetsOneSentence(@TempDir Path dir) throws IOException {
        Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9});
        assertThat(run("tokenize", "--input", latin1.toString()).err())
                .isEqualTo("jgpt: " + latin1 + " is not valid UTF-8 text (byte offset 3); convert it to UTF-8 first.\n");
        assertThat(run("tokenize", "--decode", "15496,50257").err())
                .isEqualTo("jgpt: Token id 50257 is not in the vocabulary (ids run from 0 to 50256).\n");
        Path broken = Files.createDirectory(dir.resolve("broken"));
        Files.writeString(broken.resolve("vocab.json"), "[1, 2]");
        Files.writeString(broken.resolve("merges.txt"), "");
        assertThat(run("tokenize", "--text", "hi", "--tokenizer", broken.toString()).err())
                .isEqualTo("jgpt: " + broken.resolve("vocab.json") + " is not a JSON object of token to id.\n");
    }

    @Test
    void trainsATokenizerThatOtherCommandsUse(@TempDir Path dir) throws IOException {
        String corpus = TestCorpus.documents().getFirst().text().substring(0, 200_000);
        Path first = Files.writeString(dir.resolve("a.txt"), corpus.substring(0, 100_000));
        Path second = Files.writeString(dir.resolve("b.txt"), corpus.substring(100_000));
        Path out = dir.resolve("tok");
        Result trained = run("tokenizer", "train", "--input", first.toString(), second.toString(),
                "--vocab-size", "600", "--out", out.toString());
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        assertThat(trained.out()).startsWith("Trained 600 tokens (343 merges)");
        assertThat(out.resolve("vocab.json")).exists();

        String ids = run("tokenize", "--text", "Parliament<|endoftext|>", "--special", "allow",
                "--tokenizer", out.toString()).out().strip();
        assertThat(ids).endsWith(",599");
        assertThat(run("tokenize", "--decode", ids, "--tokenizer", out.toString()).out())
                .isEqualTo("Parliament<|endoftext|>\n");
        assertThat(run("tokenizer", "train", "--input", first.toString(), "--vocab-size", "100", "--out",
                out.toString()).err()).startsWith("--vocab-size must be at least 257");
    }

    private static Result run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }
}
