package jgpt.data.labelled;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jgpt.io.AtomicFiles;

/** Reads labelled text from CSV, TSV, JSON-lines and SMS Spam Collection files, and writes JSON lines. */
public final class LabelledFiles {
    private static final Gson GSON = new Gson();

    private LabelledFiles() {
    }

    /** Which columns (CSV, TSV) or fields (JSON lines) hold the text and the label. */
    public record Columns(String text, String label) {
        public static final Columns DEFAULT = new Columns("text", "label");
    }

    /** The examples in file, read as format; blank lines are skipped. */
    public static LabelledDataset read(Path file, LabelledFormat format, Columns columns) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<LabelledText> examples = switch (format) {
                case CSV -> delimited(reader, ',', file, columns);
                case TSV -> delimited(reader, '\t', file, columns);
                case JSONL -> jsonLines(reader, file, columns);
                case SMS -> smsLines(reader, file);
            };
            return new LabelledDataset(examples, file.toString());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("The data file " + file + " does not exist.", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the data file " + file + ": " + e.getMessage() + ".", e);
        }
    }

    /**
     * Labelled text from path: the SpamAssassin corpus when path is a directory or a tar archive (see
     * {@link SpamAssassinCorpus}), otherwise a file read as format (null: the format its name suggests).
     */
    public static LabelledDataset readFileOrCorpus(Path path, LabelledFormat format, Columns columns) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isDirectory(path) || name.endsWith(".tgz") || name.endsWith(".tar.gz") || name.endsWith(".tar")) {
            return SpamAssassinCorpus.read(path);
        }
        return read(path, format == null ? LabelledFormat.forFile(path) : format, columns);
    }

    /** read(file, LabelledFormat.forFile(file), Columns.DEFAULT). */
    public static LabelledDataset read(Path file) {
        return read(file, LabelledFormat.forFile(file), Columns.DEFAULT);
    }

    private static List<LabelledText> delimited(BufferedReader reader, char separator, Path file, Columns columns) throws IOException {
        DelimitedRecords records = new DelimitedRecords(reader, separator);
        List<String> header = records.next();
        if (header == null) throw new IllegalArgumentException("The data file " + file + " is empty.");
        int textAt = column(header, columns.text(), "text", file), labelAt = column(header, columns.label(), "label", file);
        List<LabelledText> out = new ArrayList<>();
        int row = 1;
        for (List<String> fields = records.next(); fields != null; fields = records.next()) {
            row++;
            if (fields.size() == 1 && fields.getFirst().isBlank()) continue;
            if (fields.size() <= Math.max(textAt, labelAt)) {
                throw new IllegalArgumentException("Record " + row + " of " + file + " has " + fields.size() + " fields, but the header names "
                        + header.size() + ".");
            }
            out.add(example(fields.get(textAt), fields.get(labelAt), "record " + row, file));
        }
        return out;
    }

    private static int column(List<String> header, String name, String role, Path file) {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).strip().replace("\uFEFF", "").equalsIgnoreCase(name)) return i;
        }
        throw new IllegalArgumentException("The data file " + file + " has no " + role + " column called '" + name
                + "'; its header names " + String.join(", ", header) + ".");
    }

    private static List<LabelledText> jsonLines(BufferedReader reader, Path file, Columns columns) throws IOException {
        List<LabelledText> out = new ArrayList<>();
        int lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            if (line.isBlank()) continue;
            JsonObject object;
            try {
                JsonElement element = JsonParser.parseString(line);
                if (!element.isJsonObject()) throw new JsonParseException("not an object");
                object = element.getAsJsonObject();
            } catch (JsonParseException e) {
                throw new IllegalArgumentException("Line " + lineNumber + " of " + file + " is not a JSON object.", e);
            }
            String where = "line " + lineNumber;
            out.add(example(field(object, columns.text(), where, file), field(object, columns.label(), where, file), where, file));
        }
        return out;
    }

    private static String field(JsonObject object, String name, String where, Path file) {
        JsonElement value = object.get(name);
        if (value == null || value.isJsonNull()) {
            throw new IllegalArgumentException("The data file " + file + " has no '" + name + "' field on " + where + ".");
        }
        return value.isJsonPrimitive() ? value.getAsString() : value.toString();
    }

    private static List<LabelledText> smsLines(BufferedReader reader, Path file) throws IOException {
        List<LabelledText> out = new ArrayList<>();
        int lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            if (line.isBlank()) continue;
            int tab = line.indexOf('\t');
            if (tab < 0) {
                throw new IllegalArgumentException("Line " + lineNumber + " of " + file
                        + " has no tab; the SMS Spam Collection format is one 'label<TAB>text' per line.");
            }
            out.add(example(line.substring(tab + 1), line.substring(0, tab), "line " + lineNumber, file));
        }
        return out;
    }

    private static LabelledText example(String text, String label, String where, Path file) {
        String cleanLabel = label.strip();
        if (cleanLabel.isEmpty()) {
            throw new IllegalArgumentException("The data file " + file + " has an empty label on " + where + ".");
        }
        return new LabelledText(text, cleanLabel);
    }

    /** Writes dataset to file as JSON lines ({"text": ..., "label": ...}), atomically. */
    public static void writeJsonLines(LabelledDataset dataset, Path file) {
        AtomicFiles.write(file, out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            for (LabelledText e : dataset.examples()) {
                JsonObject object = new JsonObject();
                object.addProperty("text", e.text());
                object.addProperty("label", e.label());
                writer.write(GSON.toJson(object));
                writer.write('\n');
            }
            writer.flush();
        });
    }
}
