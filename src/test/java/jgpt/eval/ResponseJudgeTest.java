package jgpt.eval;

import jgpt.eval.FakeJudgeServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ResponseJudgeTest {
    private static final List<ModelResponse> RESPONSES = List.of(
            new ModelResponse("What is the plural of goose?", "geese", "geese"),
            new ModelResponse("Spell cat backwards.", "tac", "tca"),
            new ModelResponse("What is 2 + 3?", "5", "6"));

    @TempDir
    Path dir;
    private FakeJudgeServer server;

    @BeforeEach
    void start() throws IOException {
        server = new FakeJudgeServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JudgeClient client(URI url, JudgeProtocol protocol, String apiKey, Duration timeout) {
        return new JudgeClient(new JudgeClient.Settings(url, protocol, "llama3", apiKey, timeout, 4,
                Duration.ofMillis(10), Duration.ofMillis(40)));
    }

    private JudgeClient client(JudgeProtocol protocol) {
        return client(server.address(), protocol, "", Duration.ofSeconds(5));
    }

    private List<String> scoreLines(Path file) throws IOException {
        return Files.readAllLines(file);
    }

    @Test
    void ollamaChatIsAskedAsTheBookDoes() throws IOException {
        server.then(Reply.ok("100"), Reply.ok("40"), Reply.ok("Score: 10/100"));
        Path scores = dir.resolve("scores.jsonl");
        List<ItemScore> heard = new ArrayList<>();
        ResponseJudge.Result result = new ResponseJudge(client(JudgeProtocol.OLLAMA)).judge(RESPONSES, scores, heard::add);

        assertThat(result).isEqualTo(new ResponseJudge.Result(3, 3, 0, 50.0));
        assertThat(heard).extracting(ItemScore::score).containsExactly(100, 40, 10);
        var request = server.requests().getFirst();
        assertThat(request.path()).isEqualTo("/api/chat");
        assertThat(request.authorization()).isNull();
        assertThat(request.body().get("model").getAsString()).isEqualTo("llama3");
        assertThat(request.body().get("stream").getAsBoolean()).isFalse();
        assertThat(request.body().getAsJsonObject("options").get("temperature").getAsInt()).isZero();
        assertThat(request.body().getAsJsonArray("messages").get(0).getAsJsonObject().get("content").getAsString())
                .isEqualTo(ResponseJudge.judgePrompt(RESPONSES.getFirst()))
                .contains("`What is the plural of goose?`", "`geese`", "scale from 0 to 100");
        assertThat(scoreLines(scores)).hasSize(3);
        assertThat(scoreLines(scores).get(1)).contains("\"index\":1", "\"score\":40", "\"judge_reply\":\"40\"", "\"response\":\"tca\"");
    }

    @Test
    void openAiCompatibleEndpointWithKey() {
        URI v1 = URI.create(server.address() + "/v1");
        new ResponseJudge(client(v1, JudgeProtocol.OPENAI, "secret", Duration.ofSeconds(5)))
                .judge(RESPONSES.subList(0, 1), dir.resolve("s.jsonl"), s -> assertThat(s.score()).isEqualTo(85));
        var request = server.requests().getFirst();
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        assertThat(request.authorization()).isEqualTo("Bearer secret");
        assertThat(request.body().get("temperature").getAsInt()).isZero();
        assertThat(JudgeProtocol.OPENAI.endpoint(URI.create("http://h:1/"))).isEqualTo(URI.create("http://h:1/v1/chat/completions"));
        assertThat(JudgeProtocol.OPENAI.endpoint(URI.create("http://h:1/v1/chat/completions"))).isEqualTo(URI.create("http://h:1/v1/chat/completions"));
        assertThat(JudgeProtocol.OLLAMA.endpoint(URI.create("http://h:11434"))).isEqualTo(URI.create("http://h:11434/api/chat"));
    }

    @Test
    void rateLimitsAndServerErrorsAreRetriedUntilAReply() {
        server.then(Reply.status(429), Reply.status(503), Reply.status(500), Reply.ok("77"));
        var result = new ResponseJudge(client(JudgeProtocol.OPENAI)).judge(RESPONSES.subList(0, 1), dir.resolve("s.jsonl"), s -> { });
        assertThat(result.averageScore()).isEqualTo(77.0);
        assertThat(server.requests()).hasSize(4);
    }

    @Test
    void slowRepliesWithinTheTimeoutAreWaitedForAndTooSlowOnesRetried() {
        server.then(Reply.slow(200, "60"), Reply.slow(3000, "99"), Reply.ok("30"));
        var judge = new ResponseJudge(client(server.address(), JudgeProtocol.OLLAMA, "", Duration.ofMillis(1000)));
        var result = judge.judge(RESPONSES.subList(0, 2), dir.resolve("s.jsonl"), s -> { });
        assertThat(result.averageScore()).isEqualTo(45.0);
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void replyWithoutAnIntegerIsKeptWithoutAScore() throws IOException {
        server.then(Reply.ok("I cannot judge this."), Reply.ok("90"), Reply.ok("It deserves 3.5 points"));
        Path scores = dir.resolve("s.jsonl");
        var result = new ResponseJudge(client(JudgeProtocol.OLLAMA)).judge(RESPONSES, scores, s -> { });
        assertThat(result).isEqualTo(new ResponseJudge.Result(3, 1, 2, 90.0));
        assertThat(scoreLines(scores).getFirst()).contains("\"score\":null", "\"judge_reply\":\"I cannot judge this.\"");
    }

    @Test
    void unreachableJudgeIsOneSentenceAndKeepsWhatWasScored() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort);
        Path scores = dir.resolve("s.jsonl");
        assertThatThrownBy(() -> new ResponseJudge(client(nowhere, JudgeProtocol.OLLAMA, "", Duration.ofSeconds(2))).judge(RESPONSES, scores, s -> { }))
                .isInstanceOf(JudgeException.class)
                .hasMessage("Cannot get a reply from the judge at " + nowhere + "/api/chat: the connection was refused or failed"
                        + " (tried 4 times). 0 of 3 responses are scored in " + scores + "; run the same command again to go on from there.");
    }

    @Test
    void judgeThatFailsMidwaySavesScoresAndTheNextRunResumes() throws IOException {
        server.then(Reply.ok("90"), Reply.ok("70"), Reply.status(502), Reply.status(502), Reply.status(502), Reply.status(502));
        Path scores = dir.resolve("s.jsonl");
        var judge = new ResponseJudge(client(JudgeProtocol.OLLAMA));
        assertThatThrownBy(() -> judge.judge(RESPONSES, scores, s -> { }))
                .hasMessageContaining("it answered HTTP 502").hasMessageEndingWith("2 of 3 responses are scored in " + scores
                        + "; run the same command again to go on from there.");
        assertThat(scoreLines(scores)).hasSize(2);

        server.replyByDefault("20");
        int before = server.requests().size();
        var result = judge.judge(RESPONSES, scores, s -> assertThat(s.index()).isEqualTo(2));
        assertThat(server.requests().size() - before).isEqualTo(1);
        assertThat(result.averageScore()).isCloseTo(60.0, within(1e-12));
        assertThat(scoreLines(scores)).hasSize(3);
    }

    @Test
    void tornLastLineIsCutOnResume() throws IOException {
        Path scores = dir.resolve("s.jsonl");
        new ResponseJudge(client(JudgeProtocol.OLLAMA)).judge(RESPONSES.subList(0, 1), scores, s -> { });
        Files.writeString(scores, Files.readString(scores) + "{\"index\":1,\"sco", java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        var result = new ResponseJudge(client(JudgeProtocol.OLLAMA)).judge(RESPONSES, scores, s -> { });
        assertThat(result.items()).isEqualTo(3);
        assertThat(scoreLines(scores)).hasSize(3).allSatisfy(line -> assertThat(line).endsWith("}"));
    }

    @Test
    void scoresOfOtherResponsesAreNotMixedIn() {
        Path scores = dir.resolve("s.jsonl");
        var judge = new ResponseJudge(client(JudgeProtocol.OLLAMA));
        judge.judge(RESPONSES.subList(1, 2), scores, s -> { });
        assertThatThrownBy(() -> judge.judge(RESPONSES, scores, s -> { }))
                .hasMessage(scores + " holds scores of other responses (item 0 differs); give another --out or delete the file to start over.");
    }

    @Test
    void refusalsAreNotRetried() {
        server.then(new Reply(404, 0, "{\"error\":\"model 'llama3' not found\"}", null));
        assertThatThrownBy(() -> client(JudgeProtocol.OLLAMA).ask("hi"))
                .hasMessage("The judge at " + server.address() + "/api/chat refused the request: it answered HTTP 404"
                        + " ({\"error\":\"model 'llama3' not found\"}).");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void wrongApiIsNamed() {
        URI openAiPathOnOllamaServer = URI.create(server.address() + "/api/chat");
        assertThatThrownBy(() -> client(openAiPathOnOllamaServer, JudgeProtocol.OPENAI, "", Duration.ofSeconds(5)).ask("hi"))
                .hasMessageStartingWith("The judge at " + openAiPathOnOllamaServer + "/v1/chat/completions")
                .isInstanceOf(JudgeException.class);
    }

    @Test
    void scoresAreTheFirstWholeNumberUpToAHundred() {
        assertThat(ResponseJudge.parseScore("85")).isEqualTo(85);
        assertThat(ResponseJudge.parseScore("Score: 85/100")).isEqualTo(85);
        assertThat(ResponseJudge.parseScore("150, no: 90")).isEqualTo(90);
        assertThat(ResponseJudge.parseScore("3.5")).isNull();
        assertThat(ResponseJudge.parseScore("none")).isNull();
    }

    @Test
    void backoffDoublesUpToTheCapAndHonoursRetryAfter() {
        var c = new JudgeClient(new JudgeClient.Settings(server.address(), JudgeProtocol.OLLAMA, "m", "", Duration.ofSeconds(1), 5,
                Duration.ofMillis(100), Duration.ofMillis(1000)));
        assertThat(List.of(1, 2, 3, 4, 5)).map(a -> c.backoff(a, OptionalLong.empty()).toMillis()).containsExactly(100L, 200L, 400L, 800L, 1000L);
        assertThat(c.backoff(1, OptionalLong.of(30)).toMillis()).isEqualTo(1000L);
    }
}
