package jgpt.eval;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.net.URI;
import java.util.Locale;

/**
 * The two chat APIs a judge can speak: Ollama's /api/chat (as the book uses it) and the OpenAI-compatible
 * /v1/chat/completions that most servers offer. Both are asked for one non-streamed, deterministic reply.
 */
public enum JudgeProtocol {
    OLLAMA("/api/chat"), OPENAI("/v1/chat/completions");

    private static final int SEED = 123;
    private final String path;

    JudgeProtocol(String path) {
        this.path = path;
    }

    /** The protocol named on the command line: ollama or openai. */
    public static JudgeProtocol named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "ollama" -> OLLAMA;
            case "openai" -> OPENAI;
            default -> throw new IllegalArgumentException("There is no judge API called '" + name + "'; the APIs are: ollama, openai.");
        };
    }

    /** The chat endpoint under a server's address; an address that already names the endpoint is kept. */
    public URI endpoint(URI server) {
        String base = server.toString().replaceAll("/+$", "");
        if (base.endsWith(path) || (this == OPENAI && base.endsWith("/chat/completions"))) return URI.create(base);
        if (this == OPENAI && base.endsWith("/v1")) return URI.create(base + "/chat/completions");
        return URI.create(base + path);
    }

    String requestBody(String model, String prompt) {
        JsonObject message = new JsonObject();
        message.addProperty("role", "user");
        message.addProperty("content", prompt);
        JsonArray messages = new JsonArray();
        messages.add(message);
        JsonObject body = new JsonObject();
        body.addProperty("model", model);
        body.add("messages", messages);
        body.addProperty("stream", false);
        if (this == OLLAMA) {
            JsonObject options = new JsonObject();
            options.addProperty("seed", SEED);
            options.addProperty("temperature", 0);
            body.add("options", options);
        } else {
            body.addProperty("seed", SEED);
            body.addProperty("temperature", 0);
        }
        return body.toString();
    }

    /** The reply text in a response body; null when the body does not have the shape this protocol gives it. */
    String replyText(JsonElement body) {
        try {
            JsonObject root = body.getAsJsonObject();
            JsonObject message = this == OLLAMA ? root.getAsJsonObject("message")
                    : root.getAsJsonArray("choices").get(0).getAsJsonObject().getAsJsonObject("message");
            return message.get("content").getAsString();
        } catch (RuntimeException wrongShape) {
            return null;
        }
    }
}
