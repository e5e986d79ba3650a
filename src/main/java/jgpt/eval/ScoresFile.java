package jgpt.eval;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import jgpt.io.IoErrors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The judge's per-item JSON lines file, appended one forced line at a time so that a crash or an
 * unreachable judge loses at most the item in flight. Reopening keeps the complete lines and cuts a
 * torn last line, so a run resumes where the last one stopped.
 */
final class ScoresFile implements AutoCloseable {
    private static final Gson JSON = new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .serializeNulls().disableHtmlEscaping().create();

    private final Path file;
    private final List<ItemScore> existing;
    private final FileChannel channel;

    private ScoresFile(Path file, List<ItemScore> existing, FileChannel channel) {
        this.file = file;
        this.existing = existing;
        this.channel = channel;
    }

    /** Opens (creating) the file for appending, after reading the scores it already holds. */
    static ScoresFile open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                byte[] bytes = Files.readAllBytes(file);
                int keep = lastNewline(bytes) + 1;
                channel.truncate(keep);
                channel.position(keep);
                return new ScoresFile(file, parse(file, new String(bytes, 0, keep, StandardCharsets.UTF_8)), channel);
            } catch (RuntimeException | IOException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the scores file " + file + ": " + IoErrors.reason(e) + ".", e);
        }
    }

    List<ItemScore> existing() {
        return existing;
    }

    void append(ItemScore score) {
        try {
            ByteBuffer line = ByteBuffer.wrap((JSON.toJson(score) + "\n").getBytes(StandardCharsets.UTF_8));
            while (line.hasRemaining()) channel.write(line);
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write to the scores file " + file + ": " + IoErrors.reason(e) + ".", e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close the scores file " + file + ": " + IoErrors.reason(e) + ".", e);
        }
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') return i;
        }
        return -1;
    }

    private static List<ItemScore> parse(Path file, String text) {
        List<ItemScore> scores = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) continue;
            try {
                ItemScore score = JSON.fromJson(lines[i], ItemScore.class);
                if (score == null || score.prompt() == null) throw new JsonParseException("not a score record");
                scores.add(score);
            } catch (JsonParseException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + " is not a judge score record; give another --out or delete the file.");
            }
        }
        return scores;
    }
}
