package jgpt.train;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jgpt.io.AtomicFiles;
import jgpt.io.IoErrors;

/**
 * The run's metrics.jsonl: one JSON object a line, each with a "type" ("step", "eval" or "epoch") and the
 * optimizer step it belongs to. Lines are flushed as they are written, so a crash loses at most one.
 */
public final class MetricsLog implements AutoCloseable {
    private final Path file;
    private BufferedWriter out;

    public MetricsLog(Path file) {
        this.file = file;
    }

    /** A row: keys in the order given. */
    public static Map<String, Object> row(String type, long step, Object... keyValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("type", type);
        row.put("step", step);
        for (int i = 0; i < keyValues.length; i += 2) row.put((String) keyValues[i], keyValues[i + 1]);
        return row;
    }

    public void append(Map<String, Object> row) {
        try {
            if (out == null) {
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            out.write(Json.COMPACT.toJson(row));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + IoErrors.reason(e), e);
        }
    }

    /** Every row written so far (none when the file does not exist yet). */
    public List<JsonObject> rows() {
        if (!Files.exists(file)) return List.of();
        try {
            List<JsonObject> rows = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) rows.add(JsonParser.parseString(line).getAsJsonObject());
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + IoErrors.reason(e), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " holds a line that is not a JSON object: " + e.getMessage());
        }
    }

    /** The (xKey, yKey) points of the rows of one type that have both keys; non-finite values skipped. */
    public static List<LineChart.Point> series(List<JsonObject> rows, String type, String xKey, String yKey) {
        List<LineChart.Point> out = new ArrayList<>();
        for (JsonObject r : rows) {
            if (!type.equals(r.get("type").getAsString()) || !r.has(xKey) || !r.has(yKey)) continue;
            double y = r.get(yKey).getAsDouble();
            if (Double.isFinite(y)) out.add(new LineChart.Point(r.get(xKey).getAsDouble(), y));
        }
        return out;
    }

    /** Drops rows after step (a resumed run rewrites the steps its checkpoint did not keep). */
    public void truncateAfter(long step) {
        close();
        List<JsonObject> kept = rows().stream().filter(r -> r.get("step").getAsLong() <= step).toList();
        AtomicFiles.write(file, stream -> {
            for (JsonObject r : kept) stream.write((r + "\n").getBytes(StandardCharsets.UTF_8));
        });
    }

    @Override
    public void close() {
        if (out == null) return;
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + IoErrors.reason(e), e);
        } finally {
            out = null;
        }
    }
}
