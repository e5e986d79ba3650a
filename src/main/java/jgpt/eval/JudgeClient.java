package jgpt.eval;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Asks a judge model one question over HTTP and returns its reply text. Rate limits (429), server errors
 * (5xx), timeouts and refused connections are retried with exponential backoff (doubling from
 * firstBackoff up to maxBackoff, or longer when the server's Retry-After asks for it); other refusals
 * (a wrong model name or API key) fail at once. Every failure is a {@link JudgeException} of one sentence.
 */
public final class JudgeClient {
    /** Where and how to reach the judge; apiKey may be empty. */
    public record Settings(URI server, JudgeProtocol protocol, String model, String apiKey, Duration timeout,
                           int attempts, Duration firstBackoff, Duration maxBackoff) {
        public Settings {
            if (attempts < 1) throw new IllegalArgumentException("The judge needs at least 1 attempt per item, got " + attempts + ".");
        }
    }

    private final Settings settings;
    private final URI endpoint;
    private final HttpClient http;

    public JudgeClient(Settings settings) {
        this.settings = settings;
        this.endpoint = settings.protocol().endpoint(settings.server());
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The judge's reply to one user message. */
    public String ask(String prompt) {
        HttpRequest request = request(prompt);
        String lastProblem = "";
        for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
            OptionalLong retryAfterSeconds = OptionalLong.empty();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status == 200) return replyText(response.body());
                lastProblem = "it answered HTTP " + status + snippet(response.body());
                if (status != 429 && status < 500) throw new JudgeException("The judge at " + endpoint + " refused the request: " + lastProblem + ".");
                retryAfterSeconds = response.headers().firstValueAsLong("Retry-After");
            } catch (HttpTimeoutException e) {
                lastProblem = "it gave no reply within " + settings.timeout().toMillis() + " ms";
            } catch (ConnectException e) {
                lastProblem = "the connection was refused or failed";
            } catch (IOException e) {
                lastProblem = "the connection failed (" + e.getMessage() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JudgeException("Judging was interrupted while waiting for " + endpoint + ".");
            }
            if (attempt < settings.attempts()) sleep(backoff(attempt, retryAfterSeconds));
        }
        throw new JudgeException("Cannot get a reply from the judge at " + endpoint + ": " + lastProblem + " ("
                + (settings.attempts() == 1 ? "tried once" : "tried " + settings.attempts() + " times") + ").");
    }

    private HttpRequest request(String prompt) {
        var builder = HttpRequest.newBuilder(endpoint).timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(settings.protocol().requestBody(settings.model(), prompt), StandardCharsets.UTF_8));
        if (!settings.apiKey().isEmpty()) builder.header("Authorization", "Bearer " + settings.apiKey());
        return builder.build();
    }

    private String replyText(String body) {
        String text = null;
        try {
            JsonElement json = JsonParser.parseString(body);
            text = settings.protocol().replyText(json);
        } catch (JsonParseException notJson) {
            // reported below with the body's start
        }
        if (text == null) {
            throw new JudgeException("The judge at " + endpoint + " answered with something that is not a "
                    + settings.protocol().name().toLowerCase() + " chat reply" + snippet(body) + "; check --api.");
        }
        return text;
    }

    /** attempt 1 waits firstBackoff, each later one twice as long, capped at maxBackoff; Retry-After may lengthen it. */
    Duration backoff(int attempt, OptionalLong retryAfterSeconds) {
        long millis = settings.firstBackoff().toMillis() << Math.min(attempt - 1, 30);
        millis = Math.min(millis, settings.maxBackoff().toMillis());
        if (retryAfterSeconds.isPresent()) millis = Math.max(millis, Math.min(retryAfterSeconds.getAsLong() * 1000, settings.maxBackoff().toMillis()));
        return Duration.ofMillis(millis);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JudgeException("Judging was interrupted while waiting to retry.");
        }
    }

    private static String snippet(String body) {
        String text = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        if (text.isEmpty()) return "";
        return " (" + (text.length() > 120 ? text.substring(0, 120) + "..." : text) + ")";
    }
}
