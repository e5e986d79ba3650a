package jgpt.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jgpt.cli.ModelCommandsTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static jgpt.cli.ModelCommandsTest.jgpt;
import static org.assertj.core.api.Assertions.assertThat;

/** train, data prepare, generate, chat as a user runs them, with a tiny model. */
class TrainCommandsTest {
    static final String[] TINY = {"--layers", "1", "--heads", "2", "--emb-dim", "16", "--context-length", "16", "--vocab-size", "50257",
            "--tied-head", "--drop-rate", "0.1", "--eval-every", "2", "--eval-batches", "1", "--sample-tokens", "3"};
    static final String TEXT = """
            The garden was quiet in the morning, and the gardener walked slowly between the rows of beans. He stopped
            to look at the sky, which was clear, and then at the ground, which was dry. It would be a hot day. He filled
            the can at the well and began to water the young plants one by one, talking to them as he went.
            """.repeat(4);

    @TempDir
    Path tmp;

    private Path corpus() throws IOException {
        return Files.writeString(tmp.resolve("garden.txt"), TEXT);
    }

    /** "train", the tiny model's flags, then more. */
    private static String[] train(String... more) {
        List<String> all = new ArrayList<>(List.of("train"));
        all.addAll(List.of(TINY));
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }

    /** Runs jgpt in a fresh JVM, as a user would, so nothing carries over in memory between runs. */
    private static String jgptProcess(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), "jgpt.cli.Main"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    private static List<String> stepLosses(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.jsonl")).stream().filter(l -> l.startsWith("{\"type\":\"step\"") || l.startsWith("{\"type\":\"eval\""))
                .map(l -> l.replaceAll(",\"(tokens_per_second|elapsed_seconds)\":[0-9.E-]+", "")).toList();
    }

    @Test
    void aRunResumedInAnotherProcessMatchesAnUninterruptedOne() throws Exception {
        String data = corpus().toString();
        jgptProcess(train("--data", data, "--max-steps", "6", "--warmup-steps", "2", "--grad-accumulation", "2", "--batch-size", "3",
                "--out", tmp.resolve("straight").toString()));
        String first = jgptProcess(train("--data", data, "--max-steps", "6", "--warmup-steps", "2", "--grad-accumulation", "2",
                "--batch-size", "3", "--out", tmp.resolve("split").toString(), "--stop-after", "3"));
        assertThat(first).contains("training stopped at step 3 of 6", "continue with: jgpt train --resume " + tmp.resolve("split"));
        jgptProcess("train", "--resume", tmp.resolve("split").toString());
        assertThat(stepLosses(tmp.resolve("split"))).hasSize(10).isEqualTo(stepLosses(tmp.resolve("straight")));
        // 17 training windows make 5 batches of 3 an epoch; at 2 micro-batches a step, epoch 1 ends inside step 3
        assertThat(Files.readAllLines(tmp.resolve("straight/metrics.jsonl"))).filteredOn(l -> l.startsWith("{\"type\":\"epoch\""))
                .extracting(l -> l.replaceAll(",\"seconds\".*", ""))
                .containsExactly("{\"type\":\"epoch\",\"step\":3,\"epoch\":1", "{\"type\":\"epoch\",\"step\":5,\"epoch\":2");
    }

    @Test
    void shardsTrainAndTheModelGeneratesAndChats() throws Exception {
        Path shards = tmp.resolve("shards");
        Run prepared = jgpt("data", "prepare", "--input", corpus().toString(), "--out", shards.toString(), "--shard-tokens", "100");
        assertThat(prepared.exitCode()).as(prepared.err()).isZero();
        assertThat(prepared.out()).contains("1 documents: ", "train on it with: jgpt train --data " + shards);
        Path run = tmp.resolve("run");
        Run trained = jgpt(train("--data", shards.toString(), "--out", run.toString(), "--max-steps", "4", "--checkpoint-every", "2",
                "--sample-prompt", "The garden"));
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        assertThat(trained.out()).contains("Ep 1 (step 1, 32 tokens): train loss", "sample: The garden", "training finished at step 4 of 4");
        assertThat(run.resolve("loss.png")).exists();
        Run plot = jgpt("plot", run.toString(), "--out", tmp.resolve("again.png").toString());
        assertThat(plot.exitCode()).as(plot.err()).isZero();
        assertThat(Files.readAllBytes(tmp.resolve("again.png"))).as("drawn again from metrics.jsonl").isEqualTo(Files.readAllBytes(run.resolve("loss.png")));
        assertThat(jgpt("plot", tmp.resolve("nothing").toString()).err().strip())
                .isEqualTo("jgpt: " + tmp.resolve("nothing") + " does not exist; give a run folder or its metrics.jsonl");

        Run text = jgpt("generate", "--model", run.toString(), "--prompt", "The garden", "--max-new-tokens", "5", "--temperature", "0.9",
                "--top-k", "10", "--seed", "3");
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).startsWith("The garden");
        Run ids = jgpt("generate", "--model", run.toString(), "--ids", "464,3290", "--max-new-tokens", "4", "--greedy", "--output-ids");
        Run uncached = jgpt("generate", "--model", run.toString(), "--ids", "464,3290", "--max-new-tokens", "4", "--output-ids", "--no-cache");
        assertThat(ids.out()).startsWith("464,3290,").isEqualTo(uncached.out());
        assertThat(ids.out().strip().split(",")).hasSize(6);

        // a run folder exports its newest checkpoint; bf16 halves the weights, and the export generates
        Path exported = tmp.resolve("bf16");
        Run export = jgpt("export", "--model", run.toString(), "--out", exported.toString(), "--dtype", "bf16");
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(Files.size(exported.resolve("model.safetensors")))
                .isLessThan(Files.size(run.resolve("checkpoints/step-00000004/model.safetensors")) / 2 + 4096);
        Run fromExport = jgpt("generate", "--model", exported.toString(), "--ids", "464,3290", "--max-new-tokens", "4", "--output-ids");
        assertThat(fromExport.out().strip().split(",")).hasSize(6);

        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("The gardener\n/reset\nHe\n/quit\n".getBytes(StandardCharsets.UTF_8)));
            Run chat = jgpt("chat", "--model", run.toString(), "--max-new-tokens", "3");
            assertThat(chat.exitCode()).as(chat.err()).isZero();
            assertThat(chat.out()).contains("chatting with " + run, "(conversation forgotten)");
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void badInputGetsOneSentence() throws Exception {
        String data = corpus().toString();
        Path empty = Files.writeString(tmp.resolve("empty.txt"), "  \n");
        Path binary = Files.write(tmp.resolve("blob.bin"), new byte[] {'P', 'K', 3, 4, 0, 0, 9});
        Path notADirectory = Files.writeString(tmp.resolve("file"), "x");
        assertOneSentence(jgpt(train("--data", empty.toString(), "--out", tmp.resolve("r1").toString())),
                "jgpt: the corpus " + empty + " holds no text");
        assertOneSentence(jgpt(train("--data", binary.toString(), "--out", tmp.resolve("r2").toString())),
                "jgpt: " + binary + " is not a text file (it holds NUL characters)");
        assertOneSentence(jgpt("train", "--config", "gpt2-small", "--context-length", "1", "--data", data, "--out", tmp.resolve("r3").toString()),
                "jgpt: --context-length must be at least 2, got 1");
        Run tooBig = jgpt(train("--data", data, "--batch-size", "64", "--out", tmp.resolve("r4").toString()));
        assertThat(tooBig.err()).startsWith("jgpt: the training split has ").contains("fewer than --batch-size 64").hasLineCount(1);
        Run unwritable = jgpt(train("--data", data, "--out", notADirectory.resolve("run").toString()));
        assertThat(unwritable.err()).startsWith("jgpt: cannot write the run folder " + notADirectory.resolve("run")).hasLineCount(1);

        Path run = tmp.resolve("small");
        assertThat(jgpt(train("--data", data, "--out", run.toString(), "--max-steps", "1")).exitCode()).isZero();
        Path checkpoint = run.resolve("checkpoints/step-00000001");
        Run otherShape = jgpt("train", "--data", data, "--init", run.toString(), "--config", checkpoint.toString(), "--layers", "2",
                "--out", tmp.resolve("r5").toString());
        assertThat(otherShape.err()).startsWith("jgpt: the checkpoint " + checkpoint + " holds a model of 1 layers")
                .contains("which does not match this run's model of 2 layers").hasLineCount(1);
        assertOneSentence(jgpt(train("--data", data, "--out", run.toString())),
                "jgpt: " + run + " already holds a training run; continue it with --resume " + run + " or choose another --out");
        assertOneSentence(jgpt("train", "--resume", tmp.resolve("nothing").toString()),
                "jgpt: " + tmp.resolve("nothing") + " is not a jgpt run folder (it has no config.json and checkpoints/)");
        assertOneSentence(jgpt("data", "prepare", "--input", binary.toString(), "--out", tmp.resolve("d").toString()),
                "jgpt: " + binary + " is not a text file (it holds NUL bytes at byte 4)");
    }

    private static void assertOneSentence(Run run, String expected) {
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo(expected);
    }
}
