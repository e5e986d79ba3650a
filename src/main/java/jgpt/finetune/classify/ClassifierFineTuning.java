package jgpt.finetune.classify;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import jgpt.data.labelled.Balance;
import jgpt.data.labelled.DatasetSplit;
import jgpt.data.labelled.LabelledDataset;
import jgpt.io.AtomicFiles;
import jgpt.model.GPTModel;
import jgpt.model.io.GPTCheckpoint;
import jgpt.nn.LoRA;
import jgpt.nn.Parameter;
import jgpt.tensor.Device;
import jgpt.tokenizer.Tokenizer;
import jgpt.tokenizer.Tokenizers;

/**
 * Chapter 6 from end to end: balance and split labelled text, tokenize it, put a classification head on
 * a GPT model, fine-tune what {@link Trainable} says, measure the result on the held-out test split and
 * save the classifier (see {@link ClassifierDirectory}).
 */
public final class ClassifierFineTuning {
    private ClassifierFineTuning() {
    }

    /** How uneven classes are evened out. */
    public enum Balancing { UNDERSAMPLE, WEIGHTS, NONE }

    /**
     * One fine-tuning run.
     *
     * @param maxLength tokens per text; 0 means the longest training text, at most the context length
     * @param truncate  whether longer texts are cut (otherwise they are an error)
     * @param tokenizer a tokenizer directory, or null for the model's own (see {@link Tokenizers#forModel})
     * @param device    where the model trains; the saved classifier is the same wherever it trained
     */
    public record Request(Path modelDir, LabelledDataset data, Path out, Trainable trainable, ClassifierTraining training, int maxLength,
                          boolean truncate, Balancing balancing, LoRA.Config lora, Path tokenizer, Device device) {
    }

    /** What was prepared, reported before training starts. */
    public record Plan(List<String> labels, int trainSize, int validationSize, int testSize, int maxLength, int truncated,
                       long trainableParameters, long totalParameters) {
    }

    /** The outcome: accuracy on every split, full metrics on the test split. */
    public record Result(Plan plan, Evaluation train, Evaluation validation, Evaluation test, double seconds) {
    }

    /** Reports progress: the plan, then training. */
    public interface Reporter extends ClassifierTrainer.Listener {
        default void onPlan(Plan plan) {
        }
    }

    public static Result run(Request request, Reporter reporter) {
        long start = System.nanoTime();
        ClassifierTraining training = request.training();
        Prepared p = prepare(request);
        SequenceClassifier classifier = new SequenceClassifier(p.base(), p.labels().size(), training.seed());
        List<Parameter> trainable = request.trainable().prepare(classifier, request.lora(), training.seed());
        Plan plan = new Plan(p.labels(), p.train().size(), p.validation().size(), p.test().size(), p.encoder().maxLength(),
                p.train().truncated() + p.validation().truncated() + p.test().truncated(),
                trainable.stream().mapToLong(t -> t.tensor().size()).sum(), classifier.parameterCount());
        reporter.onPlan(plan);

        ClassifierDirectory.createDirectories(request.out());
        ClassifierDirectory.delete(request.out().resolve(ClassifierTrainer.METRICS_FILE));   // a new run's rows only
        new ClassifierTrainer(classifier, trainable, p.train(), p.validation(), p.padId(), p.classWeights(), training, request.out(), reporter).run();
        int batch = training.batchSize();
        Result result = new Result(plan, Evaluation.of(classifier, p.train(), batch, p.padId(), p.labels()),
                Evaluation.of(classifier, p.validation(), batch, p.padId(), p.labels()),
                Evaluation.of(classifier, p.test(), batch, p.padId(), p.labels()), (System.nanoTime() - start) / 1e9);
        ClassifierDirectory.save(classifier, info(request, p), request.out());
        AtomicFiles.write(request.out().resolve("test-metrics.txt"), out -> out.write(report(result).getBytes(StandardCharsets.UTF_8)));
        return result;
    }

    /** The base model and the encoded splits, ready to train on. */
    private record Prepared(GPTModel base, String fingerprint, Path tokenizerDir, int padId, List<String> labels, float[] classWeights,
                            TextEncoder encoder, EncodedExamples train, EncodedExamples validation, EncodedExamples test) {
    }

    private static Prepared prepare(Request request) {
        long seed = request.training().seed();
        LabelledDataset data = request.data().requireTwoClasses();
        List<String> labels = data.labels();
        LabelledDataset balanced = request.balancing() == Balancing.UNDERSAMPLE ? Balance.undersample(data, seed) : data;
        float[] classWeights = request.balancing() == Balancing.WEIGHTS ? Balance.classWeights(data) : null;
        DatasetSplit split = DatasetSplit.of(balanced, seed);

        GPTModel base = GPTCheckpoint.load(request.modelDir(), request.device());
        Path tokenizerDir = request.tokenizer() != null ? request.tokenizer()
                : Tokenizers.hasTokenizerFiles(request.modelDir()) ? request.modelDir() : null;
        Tokenizer tokenizer = tokenizerDir == null ? Tokenizers.gpt2() : Tokenizers.load(tokenizerDir);
        int padId = checkVocabulary(tokenizer, base, request.modelDir());
        TextEncoder encoder = TextEncoder.fit(split.train(), tokenizer, padId, base.config().contextLength(), request.maxLength(),
                request.truncate(), data.source());
        return new Prepared(base, ModelFingerprint.of(base), tokenizerDir, padId, labels, classWeights, encoder,
                encoder.encode(split.train(), labels, "the training split of " + data.source()),
                encoder.encode(split.validation(), labels, "the validation split of " + data.source()),
                encoder.encode(split.test(), labels, "the test split of " + data.source()));
    }

    private static ClassifierInfo info(Request request, Prepared p) {
        boolean lora = request.trainable() == Trainable.LORA;
        return new ClassifierInfo(ClassifierInfo.FORMAT, p.labels(), p.encoder().maxLength(), p.padId(), request.trainable().cliName(),
                request.modelDir().toAbsolutePath().normalize().toString(), p.fingerprint(), request.trainable().changesBackbone(),
                p.tokenizerDir() == null ? null : p.tokenizerDir().toAbsolutePath().normalize().toString(),
                lora ? request.lora().rank() : 0, lora ? request.lora().alpha() : 0);
    }

    /** The id to pad with (end of text, as the book pads); refuses a tokenizer with ids the model does not have. */
    private static int checkVocabulary(Tokenizer tokenizer, GPTModel model, Path modelDir) {
        if (tokenizer.vocabSize() > model.config().vocabSize()) {
            throw new IllegalArgumentException("The tokenizer has " + tokenizer.vocabSize() + " token ids but the model in " + modelDir
                    + " knows only " + model.config().vocabSize() + "; pass the model's own tokenizer with --tokenizer.");
        }
        return tokenizer.endOfTextId().orElse(0);
    }

    /** The summary written to test-metrics.txt and printed at the end. */
    public static String report(Result r) {
        return "training accuracy   %.2f%%%nvalidation accuracy %.2f%%%ntest accuracy       %.2f%%%n%ntest split:%n%s".formatted(
                100 * r.train().metrics().accuracy(), 100 * r.validation().metrics().accuracy(), 100 * r.test().metrics().accuracy(),
                r.test().metrics().report());
    }
}
