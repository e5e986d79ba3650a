package jgpt.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import jgpt.io.RawArrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The model commands as a user runs them: model info, generate, logits, export. */
class ModelCommandsTest {
    private static final Path FIXTURE = Path.of("..", "shared", "fixtures", "tiny-gpt2-a");
    private static final Path SMALL_FIXTURE = Path.of("src", "test", "resources", "fixtures", "tiny-gpt2-b");

    @TempDir
    Path tmp;

    /** Exit code, stdout and stderr of one jgpt command. */
    record Run(int exitCode, String out, String err) {
    }

    static Run jgpt(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static void assumeFixture() {
        Assumptions.assumeTrue(Files.isDirectory(FIXTURE), "shared fixture tiny-gpt2-a is not at " + FIXTURE.toAbsolutePath());
    }

    @Test
    void modelInfoPrintsTiedAndUntiedCountsAndMemory() {
        Run small = jgpt("model", "info", "--config", "gpt2-small");
        assertThat(small.exitCode()).isZero();
        assertThat(small.out()).contains("124,439,808 with the output head tied", "163,037,184 with the output head separate",
                "474.7 MiB in float32, 237.4 MiB in bf16");
        Run book = jgpt("model", "info", "--config", "book-124m");
        assertThat(book.out()).contains("162,419,712 with the output head separate", "context      256", "qkv bias     no");
        Run dir = jgpt("model", "info", "--config", SMALL_FIXTURE.toString());
        assertThat(dir.out()).contains("36 channels, 3 heads of 12", "vocabulary   1000 tokens");
    }

    @Test
    void generatePrintsPromptAndGreedyIds() {
        assumeFixture();
        Run run = jgpt("generate", "--model", FIXTURE.toString(), "--ids", "464,2068,7586,21831,18045", "--max-new-tokens", "20",
                "--greedy", "--output-ids");
        assertThat(run.exitCode()).as(run.err()).isZero();
        String expected = "464,2068,7586,21831,18045" + ",35198".repeat(20);   // greedy_out in reference.json
        assertThat(run.out()).isEqualTo(expected + System.lineSeparator());
    }

    @Test
    void logitsWritesEveryPositionAndMatchesTransformers() {
        assumeFixture();
        Path out = tmp.resolve("logits.bin");
        Run run = jgpt("logits", "--model", FIXTURE.toString(), "--ids", "464,2068,7586", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        float[] logits = RawArrays.readFloats(out);
        float[] reference = Arrays.copyOf(RawArrays.readFloats(FIXTURE.resolve("ref_logits_f32.bin")), 3 * 50257);
        assertThat(logits).hasSize(3 * 50257);
        for (int i = 0; i < logits.length; i++) assertThat(Math.abs(logits[i] - reference[i])).isLessThan(1e-4f);
    }

    @Test
    void exportedDirectoriesGiveTheSameLogits() throws Exception {
        Path original = tmp.resolve("original.bin"), again = tmp.resolve("again.bin"), exported = tmp.resolve("hf");
        assertThat(jgpt("export", "--config", SMALL_FIXTURE.toString(), "--seed", "4", "--out", tmp.resolve("fresh").toString())
                .exitCode()).isZero();
        assertThat(jgpt("export", "--model", tmp.resolve("fresh").toString(), "--out", exported.toString(), "--format", "hf")
                .out()).contains("wrote 53,244 parameters to " + exported + " (hf format, F32)");
        jgpt("logits", "--model", tmp.resolve("fresh").toString(), "--ids", "0,999,5", "--out", original.toString());
        jgpt("logits", "--model", exported.toString(), "--ids", "0,999,5", "--out", again.toString());
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(original));
    }

    @Test
    void badInputsGiveOneSentence() throws Exception {
        String model = SMALL_FIXTURE.toString();
        assertOneSentence(jgpt("generate", "--model", model, "--ids", "5,,6", "--greedy", "--output-ids"),
                "jgpt: --ids must be token ids separated by commas, like 464,2068,7586, but '' is not a whole number.");
        assertOneSentence(jgpt("generate", "--model", model, "--ids", "5,1000", "--greedy", "--output-ids"),
                "jgpt: --ids holds 1000, which is not a token id of this model (0 to 999).");
        assertOneSentence(jgpt("logits", "--model", model, "--ids", "1,".repeat(32) + "1", "--out", tmp.resolve("x").toString()),
                "jgpt: --ids holds 33 ids, more than the context length of " + model + " (32).");
        assertOneSentence(jgpt("generate", "--model", model, "--ids", "5", "--output-ids", "--top-p", "0"),
                "jgpt: --top-p must be in (0, 1], got 0.0");
        assertOneSentence(jgpt("export", "--config", "gpt9", "--out", tmp.toString()),
                "jgpt: --config gpt9 is neither a preset (gpt2-small, gpt2-medium, gpt2-large, gpt2-xl, book-124m) nor a config.json"
                        + " file or a model directory holding one.");

        Path broken = tmp.resolve("broken");
        jgpt("export", "--model", model, "--out", broken.toString());
        Path weights = broken.resolve("model.safetensors");
        Files.write(weights, Arrays.copyOf(Files.readAllBytes(weights), 1000));
        Run run = jgpt("logits", "--model", broken.toString(), "--ids", "1", "--out", tmp.resolve("y").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("jgpt: " + weights + " is truncated").doesNotContain("Exception").hasLineCount(1);
    }

    private static void assertOneSentence(Run run, String expected) {
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo(expected + System.lineSeparator());
    }
}
