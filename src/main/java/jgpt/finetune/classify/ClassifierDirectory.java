package jgpt.finetune.classify;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import jgpt.io.AtomicFiles;
import jgpt.io.CorruptFileException;
import jgpt.io.SafeDType;
import jgpt.io.SafeTensorsFile;
import jgpt.io.SafeTensorsWriter;
import jgpt.model.GPTModel;
import jgpt.model.io.GPTCheckpoint;
import jgpt.nn.LoRA;
import jgpt.nn.Linear;
import jgpt.tensor.Tensor;

/**
 * A fine-tuned classifier on disk:
 * <pre>
 * classifier.json     {@link ClassifierInfo}: labels, lengths, what trained, the base model and its fingerprint
 * head.safetensors    the classification head: weight (classes, C), bias (classes)
 * config.json,        the fine-tuned backbone, when fine-tuning changed it (last-block, all); head and
 * model.safetensors     lora leave it as it was, and the directory names the base model instead
 * adapter.safetensors the LoRA adapters, apart from the base weights (lora)
 * </pre>
 * plus what training writes beside them (metrics.jsonl, loss.png, accuracy.png, test-metrics.txt).
 */
public final class ClassifierDirectory {
    public static final String INFO_FILE = "classifier.json", HEAD_FILE = "head.safetensors", ADAPTER_FILE = "adapter.safetensors";
    private static final Gson JSON = new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .setPrettyPrinting().disableHtmlEscaping().create();

    private ClassifierDirectory() {
    }

    /** A loaded classifier, its adapters merged into the weights, in eval mode. */
    public record Loaded(SequenceClassifier classifier, ClassifierInfo info) {
    }

    /**
     * Writes classifier to dir: the backbone only when it changed, adapters apart. Files of another kind of
     * classifier that an earlier run left in dir are removed, so that they cannot be loaded with this one.
     */
    public static void save(SequenceClassifier classifier, ClassifierInfo info, Path dir) {
        createDirectories(dir);
        GPTModel backbone = classifier.backbone();
        boolean adapted = !LoRA.adapters(backbone).isEmpty();
        if (info.ownBackbone()) {
            if (adapted) throw new IllegalArgumentException("merge or drop the LoRA adapters before saving the backbone");
            GPTCheckpoint.save(backbone, dir, GPTCheckpoint.Format.JGPT, SafeDType.F32);
        } else {
            delete(dir.resolve(GPTCheckpoint.WEIGHTS_FILE));
            delete(dir.resolve(GPTCheckpoint.CONFIG_FILE));
        }
        if (adapted) LoRAAdapterFile.save(backbone, info.baseFingerprint(), dir.resolve(ADAPTER_FILE));
        else delete(dir.resolve(ADAPTER_FILE));
        Linear head = classifier.head();
        new SafeTensorsWriter().metadata("format", ClassifierInfo.FORMAT)
                .add("weight", SafeDType.F32, head.weight().shape(), head.weight().toFloatArray())
                .add("bias", SafeDType.F32, head.bias().shape(), head.bias().toFloatArray())
                .write(dir.resolve(HEAD_FILE));
        AtomicFiles.write(dir.resolve(INFO_FILE), out -> out.write(JSON.toJson(info).getBytes(StandardCharsets.UTF_8)));
    }

    /** Reads classifier.json in dir; one sentence when dir is not a classifier directory. */
    public static ClassifierInfo readInfo(Path dir) {
        Path file = dir.resolve(INFO_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(dir + " is not a fine-tuned classifier (it has no " + INFO_FILE
                    + "); make one with jgpt finetune classify.");
        }
        try {
            ClassifierInfo info = JSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), ClassifierInfo.class);
            if (info == null || !ClassifierInfo.FORMAT.equals(info.format()) || info.labels() == null || info.labels().size() < 2) {
                throw new JsonParseException("not a jgpt classifier description");
            }
            return info;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage() + ".", e);
        } catch (JsonParseException e) {
            throw new CorruptFileException(file + " is not a valid classifier description (" + e.getMessage() + ").", e);
        }
    }

    /**
     * Loads the classifier in dir. Its backbone is its own copy, or the base model it names (at base, when
     * given, else where classifier.json says), which must be the very model it was trained on.
     */
    public static Loaded load(Path dir, Path base) {
        ClassifierInfo info = readInfo(dir);
        Path basePath = base == null ? Path.of(info.baseModel()) : base;
        boolean adapted = Files.isRegularFile(dir.resolve(ADAPTER_FILE));
        // an adapter file checks the base itself, with the message about adapters
        GPTModel backbone = info.ownBackbone() ? GPTCheckpoint.load(dir) : loadBase(info, basePath, !adapted);
        if (adapted) {
            LoRAAdapterFile.load(dir.resolve(ADAPTER_FILE), backbone, "the base model at " + basePath);
            LoRA.merge(backbone);
        }
        SequenceClassifier classifier = new SequenceClassifier(backbone, readHead(dir.resolve(HEAD_FILE), info));
        classifier.eval();
        return new Loaded(classifier, info);
    }

    private static GPTModel loadBase(ClassifierInfo info, Path base, boolean checkFingerprint) {
        if (!Files.isDirectory(base)) {
            throw new IllegalArgumentException("The classifier's base model " + base + " is not there; pass the directory with --base.");
        }
        GPTModel model = GPTCheckpoint.load(base);
        if (checkFingerprint && !ModelFingerprint.of(model).equals(info.baseFingerprint())) {
            throw new IllegalArgumentException("The model at " + base + " is not the base model this classifier was trained on (its weights differ).");
        }
        return model;
    }

    private static Linear readHead(Path file, ClassifierInfo info) {
        if (!Files.isRegularFile(file)) throw new CorruptFileException("The classifier head " + file + " is missing.");
        try (SafeTensorsFile head = SafeTensorsFile.open(file)) {
            if (!head.contains("weight") || !head.contains("bias") || head.info("weight").shape()[0] != info.labels().size()) {
                throw new CorruptFileException(file + " does not hold a head (weight, bias) for the " + info.labels().size() + " classes of "
                        + INFO_FILE + ".");
            }
            return new Linear(Tensor.of(head.readFloats("weight"), head.info("weight").shape()),
                    Tensor.of(head.readFloats("bias"), head.info("bias").shape()));
        }
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove " + file + " left by an earlier run: " + e.getMessage() + ".", e);
        }
    }

    static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the directory " + dir + ": " + e.getMessage() + ".", e);
        }
    }
}
