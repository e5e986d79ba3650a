package jgpt.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import jgpt.io.AtomicFiles;
import jgpt.io.IoErrors;
import jgpt.io.SafeDType;
import jgpt.io.SafeTensorsFile;
import jgpt.io.SafeTensorsWriter;
import jgpt.model.GPTConfig;
import jgpt.model.GPTModel;
import jgpt.model.io.GPTCheckpoint;
import jgpt.nn.AdamW;
import jgpt.nn.Dropout;
import jgpt.nn.Parameter;
import jgpt.tensor.InPlace;
import jgpt.tensor.Tensor;

/**
 * A training checkpoint: a model directory ({@link GPTCheckpoint}: config.json, model.safetensors, so
 * {@code jgpt generate --model} reads it) plus {@code optimizer.safetensors} (AdamW's moments, named
 * {@code <parameter>.exp_avg} and {@code .exp_avg_sq}, and its step count) and {@code trainer_state.json}.
 * The directory is written under a temporary name and renamed when complete.
 */
public final class Checkpoint {
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";
    public static final String STATE_FILE = "trainer_state.json";

    private Checkpoint() {
    }

    /**
     * Where training stood: optimizer steps taken, tokens trained on, the training loader's position,
     * wall time so far, and each dropout layer's mask count (its RNG state).
     */
    public record TrainerState(long step, long tokensSeen, long epoch, int batch, double elapsedSeconds, Map<String, Long> dropoutCalls) {
    }

    public static void save(Path dir, GPTModel model, AdamW optimizer, TrainerState state) {
        Path temp = dir.resolveSibling("." + dir.getFileName() + ".tmp");
        RunFolder.deleteTree(temp);
        GPTCheckpoint.save(model, temp, GPTCheckpoint.Format.JGPT, SafeDType.F32);
        var moments = new SafeTensorsWriter().metadata("adamw_steps", Long.toString(optimizer.steps()));
        for (Parameter p : model.parameters()) {
            AdamW.Moments m = optimizer.moments(p.tensor());
            moments.add(p.name() + ".exp_avg", SafeDType.F32, p.tensor().shape(), m.m().toFloatArray());
            moments.add(p.name() + ".exp_avg_sq", SafeDType.F32, p.tensor().shape(), m.v().toFloatArray());
        }
        moments.write(temp.resolve(OPTIMIZER_FILE));
        AtomicFiles.write(temp.resolve(STATE_FILE), out -> out.write(Json.PRETTY.toJson(state).getBytes(StandardCharsets.UTF_8)));
        try {
            RunFolder.deleteTree(dir);
            Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + dir + ": " + IoErrors.reason(e), e);
        }
    }

    /** Copies the checkpoint's weights into model, checking that it was saved from a model of the same shape. */
    public static void loadWeights(Path dir, GPTModel model) {
        GPTModel stored = GPTCheckpoint.load(dir);
        if (!sameShape(stored.config(), model.config())) {
            throw new IllegalArgumentException("the checkpoint " + dir + " holds a model of " + describe(stored.config())
                    + ", which does not match this run's model of " + describe(model.config()));
        }
        model.loadStateDict(stored.stateDict());
    }

    /** Restores model weights, optimizer moments and dropout counters; returns where training stood. */
    public static TrainerState load(Path dir, GPTModel model, AdamW optimizer) {
        loadWeights(dir, model);
        try (SafeTensorsFile file = SafeTensorsFile.open(dir.resolve(OPTIMIZER_FILE))) {
            for (Parameter p : model.parameters()) {
                AdamW.Moments m = optimizer.moments(p.tensor());
                InPlace.assign(m.m(), Tensor.of(file.readFloats(p.name() + ".exp_avg"), p.tensor().shape()));
                InPlace.assign(m.v(), Tensor.of(file.readFloats(p.name() + ".exp_avg_sq"), p.tensor().shape()));
            }
            optimizer.setSteps(Long.parseLong(file.metadata().get("adamw_steps")));
        } catch (RuntimeException e) {
            if (e instanceof UncheckedIOException) throw e;
            throw new IllegalArgumentException("the optimizer state in " + dir.resolve(OPTIMIZER_FILE) + " is unusable: " + e.getMessage());
        }
        TrainerState state = readState(dir.resolve(STATE_FILE));
        model.namedModules().forEach((name, module) -> {
            if (module instanceof Dropout d) d.setCalls(state.dropoutCalls().getOrDefault(name, 0L));
        });
        return state;
    }

    private static TrainerState readState(Path file) {
        try {
            TrainerState state = Json.PRETTY.fromJson(Files.readString(file), TrainerState.class);
            if (state == null || state.dropoutCalls() == null) throw new IllegalArgumentException("it is incomplete");
            return state;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + IoErrors.reason(e), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " is not a valid trainer state: " + e.getMessage());
        }
    }

    /** Each dropout layer's mask count, by module name. */
    static Map<String, Long> dropoutCalls(GPTModel model) {
        Map<String, Long> calls = new LinkedHashMap<>();
        model.namedModules().forEach((name, module) -> {
            if (module instanceof Dropout d) calls.put(name, d.calls());
        });
        return calls;
    }

    // the drop rate is a training setting, not part of the weights' shape
    private static boolean sameShape(GPTConfig a, GPTConfig b) {
        return a.vocabSize() == b.vocabSize() && a.contextLength() == b.contextLength() && a.embDim() == b.embDim()
                && a.nHeads() == b.nHeads() && a.nLayers() == b.nLayers() && a.qkvBias() == b.qkvBias() && a.tiedHead() == b.tiedHead();
    }

    static String describe(GPTConfig c) {
        return "%d layers, %d heads, %d dims, context %d, vocabulary %d%s%s".formatted(c.nLayers(), c.nHeads(), c.embDim(),
                c.contextLength(), c.vocabSize(), c.qkvBias() ? ", qkv bias" : "", c.tiedHead() ? ", tied head" : "");
    }
}
