package jgpt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import jgpt.io.SafeDType;
import jgpt.model.GPTConfig;
import jgpt.model.GPTModel;
import jgpt.model.io.GPTCheckpoint;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jgpt finetune classify and jgpt classify as a user runs them, on Hugging Face GPT-2 directories and on bad input. */
class FinetuneClassifyCommandTest {
    private static final Path FIXTURE = Path.of("..", "shared", "fixtures", "tiny-gpt2-a");
    private static final String[] QUICK = {"--epochs", "1", "--batch-size", "4", "--eval-every", "5", "--eval-batches", "1"};

    @TempDir
    Path tmp;

    /** A CSV of n spam and n ham lines made of telling words. */
    private Path data(String name, int n) throws IOException {
        String[] spam = {"win", "cash", "prize", "free", "offer", "click"}, ham = {"meeting", "notes", "kernel", "patch", "lunch", "review"};
        Random rng = new Random(1);
        StringBuilder csv = new StringBuilder("text,label\n");
        for (int i = 0; i < n; i++) {
            csv.append(words(spam, rng)).append(",spam\n").append(words(ham, rng)).append(",ham\n");
        }
        return Files.writeString(tmp.resolve(name), csv);
    }

    private static String words(String[] pool, Random rng) {
        StringBuilder s = new StringBuilder(pool[rng.nextInt(pool.length)]);
        for (int i = rng.nextInt(6); i >= 0; i--) s.append(' ').append(pool[rng.nextInt(pool.length)]);
        return s.toString();
    }

    private static ModelCommandsTest.Run finetune(Path model, Path data, Path out, String... more) {
        String[] command = {"finetune", "classify", "--model", model.toString(), "--data", data.toString(), "--out", out.toString()};
        return ModelCommandsTest.jgpt(concat(command, QUICK, more));
    }

    private static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    @Test
    void runsUnchangedOnTheHfFixtureAndClassifies() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(FIXTURE), "shared fixture tiny-gpt2-a is not at " + FIXTURE.toAbsolutePath());
        Path out = tmp.resolve("clf");
        var run = finetune(FIXTURE, data("d.csv", 20), out, "--trainable", "lora", "--lora-rank", "2");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("classes: ham, spam", "examples: 28 training, 4 validation, 8 test",
                "trainable parameters: 3,170 of 2,475,218 (0.13%)", "epoch 1: training accuracy", "test accuracy", "confusion matrix");
        Files.writeString(tmp.resolve("texts.txt"), "free cash prize\n\nkernel patch review\n");
        var classified = ModelCommandsTest.jgpt("classify", "--model", out.toString(), "--input", tmp.resolve("texts.txt").toString(), "win now");
        assertThat(classified.exitCode()).as(classified.err()).isZero();
        assertThat(classified.out().lines().toList()).hasSize(3)
                .allMatch(l -> l.matches("(ham|spam)\t[01]\\.\\d{4}\t.+"))
                .first().asString().endsWith("\twin now");
    }

    @Test
    void runsUnchangedOnA124MShapedHfDirectory() throws IOException {
        GPTConfig gpt2Small = GPTConfig.preset("gpt2-small");
        Path model = tmp.resolve("gpt2-random");
        GPTCheckpoint.save(new GPTModel(gpt2Small, 1), model, GPTCheckpoint.Format.HF, SafeDType.F32);
        Path out = tmp.resolve("clf");
        var run = finetune(model, data("d.csv", 10), out, "--trainable", "head", "--max-length", "16", "--device", "cpu");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("trainable parameters: 1,538 of 124,441,346", "test accuracy");
        var classified = ModelCommandsTest.jgpt("classify", "--model", out.toString(), "free cash");
        assertThat(classified.exitCode()).as(classified.err()).isZero();
        assertThat(classified.out()).matches("(ham|spam)\t[01]\\.\\d{4}\tfree cash\\R");
    }

    @Test
    void badInputIsOneSentenceEach() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(FIXTURE), "shared fixture tiny-gpt2-a is not at " + FIXTURE.toAbsolutePath());
        Path noLabel = Files.writeString(tmp.resolve("nolabel.csv"), "text,category\nwin cash,spam\nmeeting,ham\n");
        assertOneSentence(finetune(FIXTURE, noLabel, tmp.resolve("a")),
                "jgpt: The data file " + noLabel + " has no label column called 'label'; its header names text, category.");

        Path oneClass = Files.writeString(tmp.resolve("one.csv"), "text,label\nwin cash,spam\nfree prize,spam\n");
        assertOneSentence(finetune(FIXTURE, oneClass, tmp.resolve("b")),
                "jgpt: " + oneClass + " holds only the label 'spam'; a classifier needs examples of at least two classes.");

        Path longText = data("long.csv", 10);
        Files.writeString(longText, "word ".repeat(80).strip() + ",spam\n", java.nio.file.StandardOpenOption.APPEND);
        assertOneSentence(finetune(FIXTURE, longText, tmp.resolve("c"), "--no-truncate", "--balance", "none"),
                "jgpt: The longest training text in " + longText + " has 80 tokens, more than the model's context of 64; "
                        + "turn on --truncate or set a --max-length.");

        Path base = tmp.resolve("base"), other = tmp.resolve("other");
        GPTCheckpoint.save(new GPTModel(new GPTConfig(50257, 32, 16, 2, 1, 0f, true, true), 1), base, GPTCheckpoint.Format.JGPT, SafeDType.F32);
        GPTCheckpoint.save(new GPTModel(new GPTConfig(50257, 32, 16, 2, 1, 0f, true, true), 2), other, GPTCheckpoint.Format.JGPT, SafeDType.F32);
        Path lora = tmp.resolve("lora");
        assertThat(finetune(base, data("d.csv", 10), lora, "--trainable", "lora").exitCode()).isZero();
        var wrongBase = ModelCommandsTest.jgpt("classify", "--model", lora.toString(), "--base", other.toString(), "free cash");
        assertThat(wrongBase.exitCode()).isEqualTo(1);
        assertThat(wrongBase.err().strip()).startsWith("jgpt: The LoRA adapters in " + lora.resolve("adapter.safetensors")
                + " were trained on another base model (fingerprint ").contains(") than the base model at " + other + " (fingerprint ")
                .endsWith(").").hasLineCount(1);

        assertOneSentence(ModelCommandsTest.jgpt("classify", "--model", tmp.toString(), "x"),
                "jgpt: " + tmp + " is not a fine-tuned classifier (it has no classifier.json); make one with jgpt finetune classify.");
    }

    private static void assertOneSentence(ModelCommandsTest.Run run, String expected) {
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo(expected);
    }
}
