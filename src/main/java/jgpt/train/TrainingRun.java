package jgpt.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jgpt.model.GPTConfig;
import jgpt.model.GPTModel;
import jgpt.model.io.GPTCheckpoint;
import jgpt.tensor.Device;
import jgpt.tokenizer.Tokenizer;
import jgpt.tokenizer.Tokenizers;

/** Assembles a {@link Trainer} for a new run or for resuming one: tokenizer, model, data, run folder. */
public final class TrainingRun {
    private TrainingRun() {
    }

    /** Starts a run in dir, which must not hold one already. */
    public static Trainer start(RunConfig config, Path dir, TrainingListener listener) {
        return start(config, dir, listener, Device.CPU);
    }

    /** Starts a run in dir with the model on device; the run folder does not record the device. */
    public static Trainer start(RunConfig config, Path dir, TrainingListener listener, Device device) {
        if (RunFolder.isRun(dir) && RunFolder.open(dir).latestCheckpoint().isPresent()) {
            throw new IllegalArgumentException(dir + " already holds a training run; continue it with --resume " + dir + " or choose another --out");
        }
        Tokenizer tokenizer = tokenizer(config.tokenizer());
        GPTModel model = model(config, tokenizer, device);
        TrainingData data = TrainingData.load(config.data(), config.tokenizer(), tokenizer, config.train().validationRatio());
        RunFolder run = RunFolder.create(dir);
        var trainer = new Trainer(model, tokenizer, config.train(), data, run, listener);
        deleteIfPresent(run.metricsFile());
        deleteIfPresent(run.lossPlot());
        run.writeConfig(config);
        return trainer;
    }

    /** Continues the run in dir from its newest checkpoint, with the settings it was started with. */
    public static Trainer resume(Path dir, TrainingListener listener) {
        return resume(dir, listener, Device.CPU);
    }

    /** Continues the run in dir with the model on device, which may differ from the device it started on. */
    public static Trainer resume(Path dir, TrainingListener listener, Device device) {
        RunFolder run = RunFolder.open(dir);
        Path checkpoint = run.latestCheckpoint().orElseThrow(
                () -> new IllegalArgumentException(dir + " has no checkpoint to resume from yet; start it again without --resume"));
        RunConfig config = run.readConfig();
        Tokenizer tokenizer = tokenizer(config.tokenizer());
        GPTModel model = GPTModel.zeroInitialized(config.model(), config.train().seed(), device);
        TrainingData data = TrainingData.load(config.data(), config.tokenizer(), tokenizer, config.train().validationRatio());
        var trainer = new Trainer(model, tokenizer, config.train(), data, run, listener);
        trainer.resumeFrom(checkpoint);
        return trainer;
    }

    /** The GPT-2 tokenizer for "gpt2", else the tokenizer in that directory. */
    public static Tokenizer tokenizer(String name) {
        return name.equals("gpt2") ? Tokenizers.gpt2() : Tokenizers.load(Path.of(name));
    }

    /** The config of the model in dir (a model directory or a checkpoint). */
    public static GPTConfig initConfig(Path dir) {
        return GPTCheckpoint.load(dir).config();
    }

    private static GPTModel model(RunConfig config, Tokenizer tokenizer, Device device) {
        GPTConfig shape = config.model();
        if (tokenizer.vocabSize() > shape.vocabSize()) {
            throw new IllegalArgumentException("the tokenizer has " + tokenizer.vocabSize() + " ids but the model's vocabulary has only "
                    + shape.vocabSize() + "; use --vocab-size " + tokenizer.vocabSize() + " or more");
        }
        if (config.init() == null) return new GPTModel(shape, config.train().seed(), config.weightInit(), device);
        GPTModel model = GPTModel.zeroInitialized(shape, config.train().seed(), device);
        Checkpoint.loadWeights(Path.of(config.init()), model);
        return model;
    }

    private static void deleteIfPresent(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot replace " + file + ": " + e.getMessage());
        }
    }
}
