package jgpt.train;

import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import jgpt.io.AtomicFiles;
import jgpt.io.IoErrors;

/**
 * A training run's folder:
 * <pre>
 * config.json                 RunConfig: model, training settings, tokenizer, data
 * metrics.jsonl               one JSON object per step, evaluation and epoch
 * loss.png                    train and validation loss against tokens seen
 * checkpoints/step-00000120/  model (config.json, model.safetensors), optimizer.safetensors, trainer_state.json
 * </pre>
 */
public final class RunFolder {
    private static final String CONFIG = "config.json";
    private final Path dir;

    private RunFolder(Path dir) {
        this.dir = dir;
    }

    /** Makes the folder (and its checkpoints folder) for a new run; one sentence if it cannot be written. */
    public static RunFolder create(Path dir) {
        try {
            Files.createDirectories(dir.resolve("checkpoints"));
            Path probe = Files.createTempFile(dir, ".write-test", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the run folder " + dir + " (" + IoErrors.reason(e) + "); choose another --out");
        }
        return new RunFolder(dir);
    }

    /** An existing run, for --resume. */
    public static RunFolder open(Path dir) {
        if (!isRun(dir)) throw new IllegalArgumentException(dir + " is not a jgpt run folder (it has no " + CONFIG + " and checkpoints/)");
        return create(dir);
    }

    public static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(CONFIG)) && Files.isDirectory(dir.resolve("checkpoints"));
    }

    /** The model directory a path names: a run folder's newest checkpoint, or the path itself. */
    public static Path modelDirectory(Path path) {
        if (!isRun(path)) return path;
        return new RunFolder(path).latestCheckpoint()
                .orElseThrow(() -> new IllegalArgumentException("the run " + path + " has no checkpoint yet"));
    }

    public Path metricsFile() {
        return dir.resolve("metrics.jsonl");
    }

    public Path lossPlot() {
        return dir.resolve("loss.png");
    }

    public Path checkpoint(long step) {
        return dir.resolve("checkpoints").resolve("step-%08d".formatted(step));
    }

    public void writeConfig(RunConfig config) {
        AtomicFiles.write(dir.resolve(CONFIG), out -> out.write(Json.PRETTY.toJson(config).getBytes(StandardCharsets.UTF_8)));
    }

    public RunConfig readConfig() {
        Path file = dir.resolve(CONFIG);
        try {
            RunConfig config = Json.PRETTY.fromJson(Files.readString(file), RunConfig.class);
            if (config == null || config.model() == null || config.train() == null) throw new JsonParseException("missing sections");
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + IoErrors.reason(e), e);
        } catch (JsonParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is not a valid run config: " + e.getMessage());
        }
    }

    /** The checkpoints of this run, oldest first. */
    public List<Path> checkpoints() {
        try (Stream<Path> entries = Files.list(dir.resolve("checkpoints"))) {
            return entries.filter(p -> p.getFileName().toString().matches("step-\\d{8}") && Files.isDirectory(p))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the checkpoints of " + dir + ": " + IoErrors.reason(e), e);
        }
    }

    public Optional<Path> latestCheckpoint() {
        List<Path> all = checkpoints();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
    }

    /** Deletes all but the newest keep checkpoints. */
    public void pruneCheckpoints(int keep) {
        List<Path> all = checkpoints();
        for (Path old : all.subList(0, Math.max(0, all.size() - keep))) deleteTree(old);
    }

    /** Deletes a directory and everything in it (nothing when it does not exist). */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root + ": " + IoErrors.reason(e), e);
        }
    }
}
