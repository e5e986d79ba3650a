package jgpt.cli;

import jgpt.eval.AnswerMetrics;
import jgpt.eval.JudgeClient;
import jgpt.eval.JudgeProtocol;
import jgpt.eval.ModelResponse;
import jgpt.eval.ResponseJudge;
import jgpt.finetune.instruct.ResponseRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** {@code jgpt instruct judge}: scores responses 0-100 with a judge model over HTTP, as the book does with Ollama. */
@Command(name = "judge", mixinStandardHelpOptions = true, description = "Score each response from 0 to 100 with a judge model: Ollama's /api/chat (as the book) or any"
                + " OpenAI-compatible /v1/chat/completions. Scores go to a JSON lines file one by one; running again resumes"
                + " where it stopped.")
final class InstructJudgeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--responses", required = true, paramLabel = "FILE", description = "What `jgpt instruct generate` wrote.")
    Path responses;

    @Option(names = "--out", paramLabel = "FILE", description = "Per-item scores, JSON lines (default: FILE.scores.jsonl beside --responses).")
    Path out;

    @Option(names = "--url", defaultValue = "http://localhost:11434", paramLabel = "URL",
            description = "The judge server (default ${DEFAULT-VALUE}, Ollama's); a full endpoint URL works too.")
    String url;

    @Option(names = "--api", defaultValue = "ollama", paramLabel = "API", description = "ollama or openai (default ${DEFAULT-VALUE}).")
    String api;

    @Option(names = "--judge-model", defaultValue = "llama3", paramLabel = "NAME", description = "The judge model's name (default ${DEFAULT-VALUE}).")
    String judgeModel;

    @Option(names = "--api-key", defaultValue = "${env:JGPT_JUDGE_API_KEY}", paramLabel = "KEY",
            description = "Sent as a Bearer token (default: $JGPT_JUDGE_API_KEY, if set).")
    String apiKey;

    @Option(names = "--timeout", defaultValue = "120", paramLabel = "SECONDS", description = "How long to wait for one reply (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--attempts", defaultValue = "6", paramLabel = "N",
            description = "Tries per response on rate limits, server errors and timeouts, with doubling waits from 1 s to 60 s (default ${DEFAULT-VALUE}).")
    int attempts;

    @Override
    public void run() {
        if (timeoutSeconds < 1) throw new IllegalArgumentException("--timeout must be at least 1 second, got " + timeoutSeconds + ".");
        List<ModelResponse> items = ResponseRecord.read(responses).stream().map(ResponseRecord::toModelResponse).toList();
        var settings = new JudgeClient.Settings(server(), JudgeProtocol.named(api), judgeModel, apiKey == null ? "" : apiKey,
                Duration.ofSeconds(timeoutSeconds), attempts, Duration.ofSeconds(1), Duration.ofSeconds(60));
        Path scores = out != null ? out : responses.resolveSibling(responses.getFileName() + ".scores.jsonl");
        PrintWriter console = spec.commandLine().getOut();
        var result = new ResponseJudge(new JudgeClient(settings)).judge(items, scores, s -> {
            console.printf("[%d/%d] %s%n", s.index() + 1, items.size(), s.score() == null ? "no score in: " + oneLine(s.judgeReply()) : "score " + s.score());
            console.flush();
        });
        console.printf("Average score %.1f over %d responses%s; per-item scores in %s.%n", result.averageScore(), result.scored(),
                result.withoutScore() == 0 ? "" : " (" + result.withoutScore() + " replies held no score)", scores);
        console.println(InstructScoreCommand.describe(AnswerMetrics.summarize(items)));
    }

    private URI server() {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) throw new URISyntaxException(url, "no http host");
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--url " + url + " is not an http:// or https:// address.");
        }
    }

    private static String oneLine(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() > 80 ? line.substring(0, 80) + "..." : line;
    }
}
