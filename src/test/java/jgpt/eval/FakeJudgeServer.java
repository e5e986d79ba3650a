package jgpt.eval;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local judge that speaks Ollama's /api/chat and OpenAI's /v1/chat/completions, replying from a script
 * (status, delay, text) and then with a default text; it records every request it gets.
 */
public final class FakeJudgeServer implements AutoCloseable {
    public record Reply(int status, long delayMillis, String text, String retryAfter) {
        public static Reply ok(String text) {
            return new Reply(200, 0, text, null);
        }

        public static Reply status(int status) {
            return new Reply(status, 0, "{\"error\":\"status " + status + "\"}", null);
        }

        static Reply slow(long delayMillis, String text) {
            return new Reply(200, delayMillis, text, null);
        }
    }

    public record Request(String path, JsonObject body, String authorization) {
    }

    private final HttpServer server;
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile String defaultText = "85";

    public FakeJudgeServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/api/chat", exchange -> answer(exchange, true));
        server.createContext("/v1/chat/completions", exchange -> answer(exchange, false));
        server.start();
    }

    public URI address() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public synchronized void then(Reply... replies) {
        script.addAll(List.of(replies));
    }

    void replyByDefault(String text) {
        defaultText = text;
    }

    public List<Request> requests() {
        return requests;
    }

    private synchronized Reply nextReply() {
        return script.isEmpty() ? Reply.ok(defaultText) : script.poll();
    }

    private void answer(HttpExchange exchange, boolean ollama) throws IOException {
        try (exchange) {
            JsonObject body = JsonParser.parseString(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
            requests.add(new Request(exchange.getRequestURI().getPath(), body, exchange.getRequestHeaders().getFirst("Authorization")));
            Reply reply = nextReply();
            if (reply.delayMillis() > 0) Thread.sleep(reply.delayMillis());
            String text = reply.status() != 200 ? reply.text() : ollama ? ollamaReply(reply.text()) : openAiReply(reply.text());
            if (reply.retryAfter() != null) exchange.getResponseHeaders().add("Retry-After", reply.retryAfter());
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGaveUp) {
            // a client that timed out closed the connection before the slow reply was written
        }
    }

    private static String ollamaReply(String text) {
        JsonObject message = new JsonObject();
        message.addProperty("role", "assistant");
        message.addProperty("content", text);
        JsonObject root = new JsonObject();
        root.addProperty("model", "llama3");
        root.add("message", message);
        root.addProperty("done", true);
        return root.toString();
    }

    private static String openAiReply(String text) {
        return "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                + new com.google.gson.JsonPrimitive(text) + "},\"finish_reason\":\"stop\"}]}";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
