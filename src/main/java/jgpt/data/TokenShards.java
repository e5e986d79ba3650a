package jgpt.data;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jgpt.io.AtomicFiles;

/**
 * A directory of token shards made by {@code jgpt data prepare}: {@code dataset.json} (the manifest, written
 * last) and the shard files it lists for the {@code train} and {@code validation} splits.
 */
public final class TokenShards {
    public static final String MANIFEST = "dataset.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private final Path directory;
    private final Manifest manifest;

    /** What {@code dataset.json} holds. */
    public record Manifest(String format, int version, String tokenizer, int vocabSize, int endOfTextId,
                           long documents, Map<String, Split> splits) {
    }

    /** One split: its token count and shard files in order. */
    public record Split(long tokens, List<String> shards) {
    }

    private TokenShards(Path directory, Manifest manifest) {
        this.directory = directory;
        this.manifest = manifest;
    }

    /** True when directory holds a prepared data set. */
    public static boolean isShardDirectory(Path directory) {
        return Files.isRegularFile(directory.resolve(MANIFEST));
    }

    public static TokenShards open(Path directory) {
        Path file = directory.resolve(MANIFEST);
        try {
            Manifest m = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), Manifest.class);
            if (m == null || !"jgpt-token-shards".equals(m.format()) || m.splits() == null) {
                throw new IllegalArgumentException(file + " is not a jgpt token shard manifest");
            }
            return new TokenShards(directory, m);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(directory + " is not a prepared data set: it has no " + MANIFEST + " (run jgpt data prepare)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage());
        }
    }

    static void writeManifest(Path directory, Manifest manifest) {
        AtomicFiles.write(directory.resolve(MANIFEST), out -> out.write(GSON.toJson(manifest).getBytes(StandardCharsets.UTF_8)));
    }

    public Manifest manifest() {
        return manifest;
    }

    /** The training split's ids, memory-mapped. */
    public TokenSequence train() {
        return split("train");
    }

    /** The validation split's ids, memory-mapped. */
    public TokenSequence validation() {
        return split("validation");
    }

    private TokenSequence split(String name) {
        Split s = manifest.splits().get(name);
        if (s == null) throw new IllegalArgumentException(directory.resolve(MANIFEST) + " lists no " + name + " split");
        var shards = s.shards().stream().map(f -> {
            MappedTokenShard shard = MappedTokenShard.open(directory.resolve(f));
            if (shard.header().vocabSize() != manifest.vocabSize()) {
                throw new IllegalArgumentException(directory.resolve(f) + " has vocabulary size " + shard.header().vocabSize()
                        + " but " + MANIFEST + " says " + manifest.vocabSize());
            }
            return shard;
        }).toList();
        return new ConcatenatedTokens(shards);
    }
}
