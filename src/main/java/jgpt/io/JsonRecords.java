package jgpt.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Files of JSON objects, in either common layout: one JSON list of objects, or JSON lines (one object per
 * line, blank lines skipped), told apart by the first non-blank character. Every problem is one sentence
 * naming the file and the record (list position or line number, both 1-based).
 */
public final class JsonRecords {
    private JsonRecords() {
    }

    /** The file's objects; what describes them for the empty-file message, e.g. "{instruction, input, output} records". */
    public static List<JsonRecord> read(Path file, String what) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + IoErrors.reason(e) + ".", e);
        }
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException(file + " is empty: expected a JSON list of " + what + " or one per line (JSON lines).");
        }
        List<JsonRecord> records = trimmed.startsWith("[") ? fromList(file, trimmed) : fromLines(file, text);
        if (records.isEmpty()) throw new IllegalArgumentException(file + " holds no records: expected at least one of " + what + ".");
        return records;
    }

    private static List<JsonRecord> fromList(Path file, String text) {
        JsonElement root = parse(text, file.toString());
        List<JsonRecord> records = new ArrayList<>();
        int position = 0;
        for (JsonElement element : root.getAsJsonArray()) {
            position++;
            records.add(new JsonRecord(file, "record " + position, object(element, file, "record " + position)));
        }
        return records;
    }

    private static List<JsonRecord> fromLines(Path file, String text) {
        List<JsonRecord> records = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) continue;
            String where = "line " + (i + 1);
            records.add(new JsonRecord(file, where, object(parse(lines[i], file + " " + where), file, where)));
        }
        return records;
    }

    private static JsonObject object(JsonElement element, Path file, String where) {
        if (!element.isJsonObject()) throw new IllegalArgumentException(file + ": " + where + " is not a JSON object.");
        return element.getAsJsonObject();
    }

    private static JsonElement parse(String text, String where) {
        try {
            return JsonParser.parseString(text);
        } catch (JsonParseException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException(where + " is not valid JSON: " + cause.getMessage() + ".");
        }
    }
}
