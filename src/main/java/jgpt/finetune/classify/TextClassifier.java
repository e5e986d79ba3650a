package jgpt.finetune.classify;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jgpt.tensor.Functional;
import jgpt.tensor.Tensor;
import jgpt.tokenizer.Tokenizer;
import jgpt.tokenizer.Tokenizers;

/** A fine-tuned classifier ready to label texts, like the book's classify_review. */
public final class TextClassifier {
    private static final int BATCH = 8;
    private final SequenceClassifier model;
    private final ClassifierInfo info;
    private final TextEncoder encoder;

    /** A text's predicted label, that label's probability, and every class's probability in label order. */
    public record Prediction(String label, double probability, double[] probabilities) {
    }

    private TextClassifier(SequenceClassifier model, ClassifierInfo info, Tokenizer tokenizer) {
        this.model = model;
        this.info = info;
        this.encoder = new TextEncoder(tokenizer, info.padTokenId(), info.maxLength());
    }

    /** The classifier in dir (see {@link ClassifierDirectory#load}); base overrides where its base model is, or null. */
    public static TextClassifier load(Path dir, Path base) {
        ClassifierDirectory.Loaded loaded = ClassifierDirectory.load(dir, base);
        ClassifierInfo info = loaded.info();
        Tokenizer tokenizer = info.tokenizer() == null ? Tokenizers.gpt2() : Tokenizers.load(Path.of(info.tokenizer()));
        return new TextClassifier(loaded.classifier(), info, tokenizer);
    }

    public List<String> labels() {
        return info.labels();
    }

    public Prediction classify(String text) {
        return classify(List.of(text)).getFirst();
    }

    /** Predictions for texts, in order; each text is cut to the classifier's maximum length. */
    public List<Prediction> classify(List<String> texts) {
        List<Prediction> out = new ArrayList<>(texts.size());
        try (var noGrad = Tensor.noGrad()) {
            for (int from = 0; from < texts.size(); from += BATCH) {
                out.addAll(classifyBatch(texts.subList(from, Math.min(texts.size(), from + BATCH))));
            }
        }
        return out;
    }

    private List<Prediction> classifyBatch(List<String> texts) {
        List<int[]> ids = texts.stream().map(encoder::encode).toList();
        int rows = ids.size(), width = ids.stream().mapToInt(a -> a.length).max().orElse(1);
        int[] flat = new int[rows * width], lengths = new int[rows];
        Arrays.fill(flat, info.padTokenId());
        for (int r = 0; r < rows; r++) {
            System.arraycopy(ids.get(r), 0, flat, r * width, ids.get(r).length);
            lengths[r] = ids.get(r).length;
        }
        float[] probabilities = Functional.softmax(model.forward(Tensor.ofInts(flat, rows, width), lengths)).toFloatArray();
        int k = model.classes();
        List<Prediction> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            double[] p = new double[k];
            for (int c = 0; c < k; c++) p[c] = probabilities[r * k + c];
            int best = Evaluation.argmax(probabilities, r * k, k);
            out.add(new Prediction(info.labels().get(best), p[best], p));
        }
        return out;
    }
}
