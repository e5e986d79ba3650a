package jgpt.finetune.instruct;

import jgpt.data.Batch;
import jgpt.model.GPTModel;
import jgpt.nn.AdamW;
import jgpt.nn.ParamGroup;
import jgpt.tensor.Functional;
import jgpt.tensor.Tensor;
import jgpt.tokenizer.Tokenizer;
import jgpt.train.MetricsLog;

import java.nio.file.Path;
import java.util.List;

/**
 * Instruction fine-tuning as chapter 7 does it, with the book's train_model_simple: every batch is one AdamW
 * step on the mean cross-entropy of the collated targets; every evalEvery steps the mean loss of the first
 * evalBatches training and validation batches is logged, and after every epoch the model answers the first
 * validation record. Steps and evaluations go to a metrics file the training package's loss plot reads.
 * One tuner trains once.
 */
public final class InstructionTuner {
    private static final int SAMPLE_TOKENS = 40;

    private final GPTModel model;
    private final Tokenizer tokenizer;
    private final PromptTemplate template;
    private final TuningConfig config;
    private long step, tokensSeen;

    /** What the listener hears: evaluations and each epoch's sample answer. */
    public interface Listener {
        void onEvaluation(long step, int epoch, long tokensSeen, double trainLoss, double validationLoss);

        void onEpochEnd(int epoch, String sampleResponse);
    }

    /** Losses before and after (NaN validation when there is none), steps taken and training seconds. */
    public record Result(double initialTrainLoss, double initialValidationLoss, double trainLoss, double validationLoss,
                         long steps, long tokensSeen, double seconds) {
    }

    public InstructionTuner(GPTModel model, Tokenizer tokenizer, PromptTemplate template, TuningConfig config) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.template = template;
        this.config = config;
    }

    public Result train(InstructionSplit split, Path metricsFile, Listener listener) {
        if (step > 0) throw new IllegalStateException("an InstructionTuner trains once; make a new one");
        InstructionCollator collator = collator();
        List<EncodedExample> trainExamples = encode(split.train());
        var train = new InstructionBatches(trainExamples, config.batchSize(), true, config.seed(), true, collator);
        if (train.batchesPerEpoch() == 0) {
            throw new IllegalArgumentException("The training split has " + split.train().size() + " records, fewer than --batch-size "
                    + config.batchSize() + "; use a smaller batch or more data.");
        }
        var trainEval = new InstructionBatches(trainExamples, config.batchSize(), false, 0, false, collator);
        var validation = split.validation().isEmpty() ? null
                : new InstructionBatches(encode(split.validation()), config.batchSize(), false, 0, false, collator);
        var optimizer = new AdamW(ParamGroup.all(model.parameters(), config.weightDecay()), config.learningRate(), 0.9f, 0.999f, 1e-8f);
        InstructionExample sampled = split.validation().isEmpty() ? split.train().getFirst() : split.validation().getFirst();
        double initialTrain = meanLoss(trainEval), initialValidation = meanLoss(validation);
        long start = System.nanoTime();
        try (var metrics = new MetricsLog(metricsFile)) {
            metrics.append(MetricsLog.row("eval", 0, "epoch", 0, "tokens", 0L, "train_loss", initialTrain, "val_loss", initialValidation));
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                trainEpoch(epoch, train, optimizer, new Evaluation(trainEval, validation, metrics, listener));
                listener.onEpochEnd(epoch, new Responder(model, tokenizer, template, SAMPLE_TOKENS).respond(sampled).response());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(initialTrain, initialValidation, meanLoss(trainEval), meanLoss(validation), step, tokensSeen, seconds);
    }

    /** Where evaluations read their batches and report. */
    private record Evaluation(InstructionBatches train, InstructionBatches validation, MetricsLog metrics, Listener listener) {
    }

    private void trainEpoch(int epoch, InstructionBatches batches, AdamW optimizer, Evaluation evaluation) {
        model.train();
        for (int b = 0; b < batches.batchesPerEpoch(); b++) {
            Batch batch = batches.batch(epoch - 1, b);
            optimizer.zeroGrad();
            Tensor loss = loss(batch);
            loss.backwardAndFree();
            optimizer.step();
            step++;
            tokensSeen += batch.tokens();
            evaluation.metrics().append(MetricsLog.row("step", step, "epoch", epoch, "tokens", tokensSeen, "loss", (double) loss.item()));
            if (step % config.evalEvery() == 0) {
                double trainLoss = meanLoss(evaluation.train()), validationLoss = meanLoss(evaluation.validation());
                evaluation.metrics().append(MetricsLog.row("eval", step, "epoch", epoch, "tokens", tokensSeen, "train_loss", trainLoss,
                        "val_loss", validationLoss));
                evaluation.listener().onEvaluation(step, epoch, tokensSeen, trainLoss, validationLoss);
            }
        }
    }

    private InstructionCollator collator() {
        int padId = tokenizer.endOfTextId().orElseThrow(() -> new IllegalArgumentException(
                "The tokenizer has no <|endoftext|> token, which instruction batches are padded with."));
        int context = model.config().contextLength();
        return new InstructionCollator(padId, config.maxLength() > 0 ? Math.min(config.maxLength(), context) : context, config.maskPrompt());
    }

    private List<EncodedExample> encode(List<InstructionExample> examples) {
        return examples.stream().map(e -> EncodedExample.of(e, template, tokenizer)).toList();
    }

    private Tensor loss(Batch batch) {
        Tensor logits = model.forward(batch.inputs());   // (B, T, V)
        return Functional.crossEntropy(logits, batch.targets());
    }

    /** Mean loss of the first evalBatches batches, in eval mode and without gradients (NaN for no batches). */
    private double meanLoss(InstructionBatches batches) {
        if (batches == null || batches.batchesPerEpoch() == 0) return Double.NaN;
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var noGrad = Tensor.noGrad()) {
            int n = Math.min(config.evalBatches(), batches.batchesPerEpoch());
            double sum = 0;
            for (int b = 0; b < n; b++) sum += loss(batches.batch(0, b)).item();
            return sum / n;
        } finally {
            if (wasTraining) model.train();
        }
    }
}
