package jgpt.cli;

import jgpt.eval.FakeJudgeServer;
import jgpt.finetune.instruct.InstructionExample;
import jgpt.finetune.instruct.InstructionFiles;
import jgpt.io.SafeDType;
import jgpt.model.GPTConfig;
import jgpt.model.GPTModel;
import jgpt.model.io.GPTCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static jgpt.cli.ModelCommandsTest.jgpt;
import static org.assertj.core.api.Assertions.assertThat;

/** The instruction commands as a user runs them, bad input included. */
class InstructCommandsTest {
    @TempDir
    Path tmp;

    private Path tinyModel() {
        Path dir = tmp.resolve("base");
        GPTCheckpoint.save(new GPTModel(new GPTConfig(50257, 64, 16, 2, 1, 0f, false, true), 1), dir, GPTCheckpoint.Format.JGPT, SafeDType.F32);
        return dir;
    }

    private Path records(int n) {
        Path file = tmp.resolve("data.json");
        InstructionFiles.write(file, IntStream.range(0, n).mapToObj(i -> new InstructionExample("What is " + i + " + 1?", "", "" + (i + 1))).toList());
        return file;
    }

    @Test
    void builtinDataSetIsWritten() {
        Path out = tmp.resolve("instructions.jsonl");
        var run = jgpt("data", "instructions", "--out", out.toString(), "--per-task", "3");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Wrote 30 instruction records to " + out + ".");
        assertThat(InstructionFiles.read(out)).hasSize(30);
    }

    @Test
    void fineTuneGenerateAndScore() {
        Path base = tinyModel(), data = records(40), out = tmp.resolve("run"), responses = tmp.resolve("responses.json");
        var tune = jgpt("finetune", "instruct", "--model", base.toString(), "--data", data.toString(), "--out", out.toString(),
                "--epochs", "1", "--batch-size", "4", "--lr", "1e-3", "--eval-every", "4", "--eval-batches", "1", "--mask-prompt");
        assertThat(tune.exitCode()).as(tune.err()).isZero();
        assertThat(tune.out()).contains("epoch 1 step 8: train loss", "Fine-tuned on 34 records for 8 steps");
        for (String file : List.of("config.json", "model.safetensors", "train.json", "validation.json", "test.json", "metrics.jsonl",
                "loss.png", "finetune.json")) {
            assertThat(out.resolve(file)).isRegularFile();
        }
        assertThat(InstructionFiles.read(out.resolve("test.json"))).hasSize(4);

        var generate = jgpt("instruct", "generate", "--model", out.toString(), "--data", out.resolve("test.json").toString(),
                "--out", responses.toString(), "--max-new-tokens", "3");
        assertThat(generate.exitCode()).as(generate.err()).isZero();
        assertThat(generate.out()).contains("4 responses: exact match", "Wrote 4 responses to " + responses + ".");
        var score = jgpt("instruct", "score", "--responses", responses.toString());
        assertThat(score.out()).startsWith("4 responses: exact match ");

        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("What is 3 + 1?\n/quit\n".getBytes(StandardCharsets.UTF_8)));
            var chat = jgpt("chat", "--model", out.toString(), "--template", "alpaca", "--max-new-tokens", "3");
            assertThat(chat.exitCode()).as(chat.err()).isZero();
            assertThat(chat.out()).startsWith("chatting with " + out + " (alpaca template)");
        } finally {
            System.setIn(stdin);
        }

        var again = jgpt("finetune", "instruct", "--model", base.toString(), "--data", data.toString(), "--out", out.toString());
        assertThat(again.err().strip()).isEqualTo("jgpt: " + out + " already holds a model; choose another --out.");
    }

    @Test
    void badInputIsOneSentence() throws IOException {
        Path base = tinyModel(), out = tmp.resolve("run");
        Path missingOutput = Files.writeString(tmp.resolve("missing.json"), "[{\"instruction\": \"Spell cat backwards.\", \"input\": \"\"}]");
        Path empty = Files.writeString(tmp.resolve("empty.jsonl"), "");
        assertOneSentence(jgpt("finetune", "instruct", "--model", base.toString(), "--data", missingOutput.toString(), "--out", out.toString()),
                "jgpt: " + missingOutput + ": record 1 has no \"output\" field; every record needs instruction and output (input may be empty).");
        assertOneSentence(jgpt("finetune", "instruct", "--model", base.toString(), "--data", empty.toString(), "--out", out.toString()),
                "jgpt: " + empty + " is empty: expected a JSON list of {instruction, input, output} records or one per line (JSON lines).");
        assertOneSentence(jgpt("finetune", "instruct", "--model", base.toString(), "--data", records(20).toString(), "--out", out.toString(),
                "--template", "chatml"), "jgpt: There is no prompt template called 'chatml'; the templates are: alpaca, phi3.");
        assertOneSentence(jgpt("instruct", "generate", "--model", base.toString(), "--data", records(20).toString(), "--out",
                tmp.resolve("r.json").toString(), "--template", "vicuna"), "jgpt: There is no prompt template called 'vicuna'; the templates are: alpaca, phi3.");
        assertOneSentence(jgpt("chat", "--model", base.toString(), "--template", "vicuna"),
                "jgpt: --template vicuna is not a chat template; the templates are: plain, alpaca, phi3.");
    }

    @Test
    void unreachableJudgeIsOneSentenceAndScoresSoFarAreKept() throws IOException {
        Path responses = tmp.resolve("responses.json");
        Files.writeString(responses, "[{\"prompt\": \"p1\", \"reference\": \"a\", \"response\": \"a\"},"
                + " {\"prompt\": \"p2\", \"reference\": \"b\", \"response\": \"c\"}]");
        Path scores = tmp.resolve("scores.jsonl");
        try (var judge = new FakeJudgeServer()) {
            judge.then(FakeJudgeServer.Reply.ok("95"), FakeJudgeServer.Reply.status(503));
            var partly = jgpt("instruct", "judge", "--responses", responses.toString(), "--out", scores.toString(),
                    "--url", judge.address().toString(), "--attempts", "1");
            assertOneSentence(partly, "jgpt: Cannot get a reply from the judge at " + judge.address() + "/api/chat: it answered HTTP 503"
                    + " ({\"error\":\"status 503\"}) (tried once). 1 of 2 responses are scored in " + scores
                    + "; run the same command again to go on from there.");
            assertThat(partly.out()).contains("[1/2] score 95");
        }
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var nowhere = jgpt("instruct", "judge", "--responses", responses.toString(), "--out", scores.toString(),
                "--url", "http://127.0.0.1:" + closedPort, "--api", "openai", "--attempts", "1");
        assertOneSentence(nowhere, "jgpt: Cannot get a reply from the judge at http://127.0.0.1:" + closedPort + "/v1/chat/completions:"
                + " the connection was refused or failed (tried once). 1 of 2 responses are scored in " + scores
                + "; run the same command again to go on from there.");
        assertThat(Files.readAllLines(scores)).hasSize(1).first().asString().contains("\"score\":95");
        assertOneSentence(jgpt("instruct", "judge", "--responses", responses.toString(), "--url", "localhost:11434"),
                "jgpt: --url localhost:11434 is not an http:// or https:// address.");
        assertOneSentence(jgpt("instruct", "judge", "--responses", responses.toString(), "--api", "anthropic"),
                "jgpt: There is no judge API called 'anthropic'; the APIs are: ollama, openai.");
    }

    private static void assertOneSentence(ModelCommandsTest.Run run, String expected) {
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo(expected);
    }
}
