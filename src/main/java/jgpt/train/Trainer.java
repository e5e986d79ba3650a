package jgpt.train;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jgpt.data.Batch;
import jgpt.data.BatchLoader;
import jgpt.data.SlidingWindowDataset;
import jgpt.data.TokenSequence;
import jgpt.generate.GenerationConfig;
import jgpt.generate.Generator;
import jgpt.model.GPTModel;
import jgpt.nn.AdamW;
import jgpt.nn.GradientClipping;
import jgpt.nn.ParamGroup;
import jgpt.nn.Parameter;
import jgpt.tensor.Functional;
import jgpt.tensor.Device;
import jgpt.tensor.Tensor;
import jgpt.tokenizer.Tokenizer;

/**
 * The book's training loop (train_model_simple, with appendix D's warmup, cosine decay and clipping, and
 * gradient accumulation): each step averages the cross-entropy of gradAccumulation micro-batches, clips
 * the global gradient norm and takes one AdamW step, all queued on the device; the host reads a step's loss
 * and norm once the next step is queued behind it (or before an evaluation or checkpoint). Evaluations,
 * samples, metrics, the loss plot and checkpoints go to the run folder. Everything a step depends on is in a
 * checkpoint, so on the CPU a resumed run's losses equal an uninterrupted run's bit for bit.
 */
public final class Trainer {
    private final GPTModel model;
    private final Tokenizer tokenizer;
    private final TrainConfig config;
    private final RunFolder run;
    private final TrainingListener listener;
    private final AdamW optimizer;
    private final List<Parameter> parameters;
    private final BatchLoader trainLoader, trainEvalLoader, validationLoader;
    private final LearningRateSchedule schedule;
    private final long totalSteps;
    private final MetricsLog metrics;
    private volatile boolean stopRequested;
    private long step, tokensSeen, savedStep = -1;
    private double elapsedBefore;

    /** How a call to {@link #run} ended. */
    public enum Outcome { FINISHED, TIME_UP, STOPPED }

    public record Result(Outcome outcome, long steps, long totalSteps, long tokensSeen, double trainLoss, double validationLoss, Path checkpoint) {
    }

    public Trainer(GPTModel model, Tokenizer tokenizer, TrainConfig config, TrainingData data, RunFolder run, TrainingListener listener) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.config = config;
        this.run = run;
        this.listener = listener;
        this.parameters = model.parameters();
        this.optimizer = new AdamW(ParamGroup.all(parameters, config.weightDecay()), config.learningRate(), config.beta1(), config.beta2(), 1e-8f);
        int context = model.config().contextLength(), stride = config.strideFor(context);
        var trainWindows = windows(data.train(), context, stride, "training");
        this.trainLoader = new BatchLoader(trainWindows, config.batchSize(), true, config.seed(), true);
        if (trainLoader.batchesPerEpoch() == 0) {
            throw new IllegalArgumentException("the training split has " + trainWindows.size() + " windows of " + context
                    + " tokens, fewer than --batch-size " + config.batchSize() + "; use a smaller batch or more text");
        }
        this.trainEvalLoader = new BatchLoader(trainWindows, config.batchSize(), false, 0, false);
        this.validationLoader = data.validation().length() == 0 ? null
                : new BatchLoader(windows(data.validation(), context, stride, "validation"), config.batchSize(), false, 0, false);
        this.totalSteps = config.maxSteps() > 0 ? config.maxSteps()
                : ceilDiv((long) config.epochs() * trainLoader.batchesPerEpoch(), config.gradAccumulation());
        this.schedule = new LearningRateSchedule(config.learningRate(), config.minLearningRate(), config.warmupSteps(), totalSteps, config.cosineDecay());
        this.metrics = new MetricsLog(run.metricsFile());
    }

    private static SlidingWindowDataset windows(TokenSequence tokens, int context, int stride, String split) {
        var dataset = new SlidingWindowDataset(tokens, context, stride);
        if (dataset.size() == 0) {
            throw new IllegalArgumentException("the " + split + " split has " + tokens.length() + " tokens, too few for one window of the context length "
                    + context + " plus one; use a shorter --context-length, more text" + (split.equals("validation") ? " or a larger --validation-ratio" : ""));
        }
        return dataset;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** Continues from a checkpoint of this run: weights, optimizer, data position, dropout state, metrics. */
    public void resumeFrom(Path checkpoint) {
        var state = Checkpoint.load(checkpoint, model, optimizer);
        trainLoader.seek(new BatchLoader.Position(state.epoch(), state.batch()));
        step = state.step();
        savedStep = step;
        tokensSeen = state.tokensSeen();
        elapsedBefore = state.elapsedSeconds();
        metrics.truncateAfter(step);
    }

    /** Asks a running {@link #run} to save a checkpoint after the current step and return (Ctrl-C). */
    public void requestStop() {
        stopRequested = true;
    }

    /** Trains until the last step, a stop request or the time budget (null for none); always ends with a checkpoint. */
    public Result run(Duration budget) {
        return run(budget, Long.MAX_VALUE);
    }

    /** As {@link #run(Duration)}, also stopping after stepLimit steps of this call (to continue later with resume). */
    public Result run(Duration budget, long stepLimit) {
        listener.onStart(step, totalSteps);
        long start = System.nanoTime(), startTokens = tokensSeen, stopStep = stepLimit == Long.MAX_VALUE ? Long.MAX_VALUE : step + stepLimit;
        long epochStart = start, epochsDone = completedEpochs();
        Outcome outcome = Outcome.FINISHED;
        double[] lastEval = {Double.NaN, Double.NaN};
        long evaluatedStep = -1;
        double loss = Double.NaN;
        QueuedStep unread = null;
        model.train();
        while (step < totalSteps) {
            if (stopRequested || step >= stopStep) {
                outcome = Outcome.STOPPED;
                break;
            }
            if (budget != null && System.nanoTime() - start >= budget.toNanos()) {
                outcome = Outcome.TIME_UP;
                break;
            }
            QueuedStep queued = queueStep();
            if (unread != null) loss = report(unread, start, startTokens);   // the step before, read while this one runs
            unread = queued;
            boolean epochEnded = completedEpochs() > epochsDone;
            boolean evaluationDue = step == 1 || step % config.evalEvery() == 0 || step == totalSteps;
            boolean checkpointDue = config.checkpointEvery() > 0 && step % config.checkpointEvery() == 0;
            if (epochEnded || evaluationDue || checkpointDue) {
                loss = report(unread, start, startTokens);
                unread = null;
            }
            if (epochEnded) {
                long now = System.nanoTime();
                epochsDone = completedEpochs();
                listener.onEpochEnd(epochsDone, (now - epochStart) / 1e9);
                metrics.append(MetricsLog.row("epoch", step, "epoch", epochsDone, "seconds", (now - epochStart) / 1e9));
                epochStart = now;
            }
            if (evaluationDue) {
                lastEval = evaluate(loss, start);
                evaluatedStep = step;
            }
            if (checkpointDue) checkpoint(start);
        }
        if (unread != null) loss = report(unread, start, startTokens);
        if (outcome == Outcome.TIME_UP && evaluatedStep != step && step > 0) lastEval = evaluate(loss, start);   // the final losses
        Path saved = checkpoint(start);
        metrics.close();
        return new Result(outcome, step, totalSteps, tokensSeen, lastEval[0], lastEval[1], saved);
    }

    // epochs whose every batch has been trained on (an epoch can end inside an accumulated step)
    private long completedEpochs() {
        var p = trainLoader.position();
        return p.epoch() + (p.batch() == trainLoader.batchesPerEpoch() ? 1 : 0);
    }

    // An optimizer step queued on the device, its micro-batches' losses and the gradient norm not yet read; what the step's
    // report needs besides them is taken when it is queued.
    private record QueuedStep(long step, long epoch, long tokensSeen, float learningRate, int micros, Tensor lossesAndNorm) {
    }

    // Queues one optimizer step over gradAccumulation micro-batches: each one's loss and backward pass, clipping, AdamW.
    // Nothing is read, so the host never waits for the device here: run() reads a step while the next one is queued
    // behind it, so the device need not wait for the host either.
    private QueuedStep queueStep() {
        optimizer.setLearningRate(schedule.rate(step));
        optimizer.zeroGrad();
        int micros = config.gradAccumulation(), tokens = 0;
        List<Tensor> values = new ArrayList<>(micros + 1);   // each micro-batch's loss, then the norm, (1) each
        for (int micro = 0; micro < micros; micro++) {
            Batch batch = trainLoader.next();
            Tensor loss = loss(batch);
            if (micros == 1) loss.backwardAndFree();
            else loss.scale(1f / micros).backwardAndFree(loss);
            values.add(loss.detach().reshape(1));
            tokens += batch.tokens();
        }
        double maxNorm = config.gradClip() > 0 ? config.gradClip() : Double.POSITIVE_INFINITY;
        values.add(GradientClipping.clipGlobalNorm(parameters, maxNorm).reshape(1));
        optimizer.step();
        step++;
        tokensSeen += tokens;
        return new QueuedStep(step, trainLoader.position().epoch() + 1, tokensSeen, optimizer.learningRate(), micros,
                Functional.concat(values, 0));
    }

    // Reads a queued step's losses and norm (the host's one wait for it), logs and reports it; returns its mean loss.
    private double report(QueuedStep queued, long start, long startTokens) {
        float[] read = queued.lossesAndNorm().toFloatArray();
        double lossSum = 0, gradNorm = read[queued.micros()];
        for (int micro = 0; micro < queued.micros(); micro++) lossSum += read[micro];
        double loss = lossSum / queued.micros(), seconds = (System.nanoTime() - start) / 1e9;
        double tokensPerSecond = (queued.tokensSeen() - startTokens) / Math.max(seconds, 1e-9);
        metrics.append(MetricsLog.row("step", queued.step(), "epoch", queued.epoch(), "tokens", queued.tokensSeen(), "loss", loss,
                "lr", queued.learningRate(), "grad_norm", gradNorm, "tokens_per_second", tokensPerSecond,
                "elapsed_seconds", elapsedBefore + seconds));
        listener.onStep(new TrainingListener.StepReport(queued.step(), totalSteps, queued.epoch(), queued.tokensSeen(), loss,
                queued.learningRate(), gradNorm, tokensPerSecond));
        return loss;
    }

    // inputs, targets (B, T) -> mean next-token cross-entropy over B * T positions
    private Tensor loss(Batch batch) {
        Device device = model.device();
        return Functional.crossEntropy(model.forward(batch.inputs().to(device)), batch.targets().to(device));
    }

    // the book's evaluate_model and generate_and_print_sample; returns {train loss, validation loss}
    private double[] evaluate(double stepLoss, long start) {
        model.eval();
        double trainLoss, validationLoss;
        try (var noGrad = Tensor.noGrad()) {
            trainLoss = meanLoss(trainEvalLoader);
            validationLoss = validationLoader == null ? Double.NaN : meanLoss(validationLoader);
        } finally {
            model.train();
        }
        String sample = sample();
        long epoch = trainLoader.position().epoch() + 1;
        metrics.append(MetricsLog.row("eval", step, "epoch", epoch, "tokens", tokensSeen, "train_loss", trainLoss, "val_loss", validationLoss,
                "train_perplexity", Math.exp(trainLoss), "val_perplexity", Math.exp(validationLoss), "step_loss", stepLoss,
                "sample", sample, "elapsed_seconds", elapsedBefore + (System.nanoTime() - start) / 1e9));
        Plots.drawIfPossible(() -> LossPlot.write(metrics.rows(), run.lossPlot()));
        listener.onEvaluation(new TrainingListener.EvalReport(step, epoch, tokensSeen, trainLoss, validationLoss, sample));
        return new double[] {trainLoss, validationLoss};
    }

    private double meanLoss(BatchLoader loader) {
        int batches = Math.min(config.evalBatches(), loader.batchesPerEpoch());
        double total = 0;
        for (int i = 0; i < batches; i++) total += loss(loader.batch(0, i)).item();
        return total / batches;
    }

    private String sample() {
        if (config.sampleTokens() == 0 || config.samplePrompt().isEmpty()) return "";
        var generated = new Generator(model, tokenizer).generate(config.samplePrompt(), GenerationConfig.greedy(config.sampleTokens()), text -> { });
        return config.samplePrompt() + generated.text();
    }

    private Path checkpoint(long start) {
        Path dir = run.checkpoint(step);
        if (savedStep == step) return dir;
        var position = trainLoader.position();
        var state = new Checkpoint.TrainerState(step, tokensSeen, position.epoch(), position.batch(),
                elapsedBefore + (System.nanoTime() - start) / 1e9, Checkpoint.dropoutCalls(model));
        Checkpoint.save(dir, model, optimizer, state);
        savedStep = step;
        run.pruneCheckpoints(config.keepCheckpoints());
        listener.onCheckpoint(dir);
        return dir;
    }
}
