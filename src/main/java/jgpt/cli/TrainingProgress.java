package jgpt.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import jgpt.train.TrainingListener;

/**
 * Shows training as it goes: on a terminal, a live progress bar (steps, or seconds of a time budget) with
 * loss, tokens/s and ETA; evaluations, samples and checkpoints as lines above it. Without a terminal
 * (CI, pipes) only those lines, plus a step line now and then.
 */
final class TrainingProgress implements TrainingListener, AutoCloseable {
    private final PrintWriter out;
    private final Duration budget;
    private final boolean terminal;
    private ProgressBar bar;
    private long startNanos, lastLineNanos;

    /** Progress over steps, or over the time budget when it is not null. */
    TrainingProgress(PrintWriter out, Duration budget) {
        this.out = out;
        this.budget = budget;
        this.terminal = isTerminal();
    }

    static boolean isTerminal() {
        return System.console() != null && System.console().isTerminal();
    }

    @Override
    public void onStart(long step, long totalSteps) {
        startNanos = System.nanoTime();
        line(budget == null ? "training from step %,d of %,d".formatted(step, totalSteps)
                : "training for %s from step %,d".formatted(minutes(budget), step));
        if (!terminal) return;
        var builder = new ProgressBarBuilder().setTaskName("train").setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(500);
        bar = budget == null
                ? builder.setInitialMax(totalSteps).setUnit(" steps", 1).startsFrom(step, Duration.ZERO).build()
                : builder.setInitialMax(budget.toSeconds()).setUnit(" s", 1).build();
    }

    @Override
    public void onStep(StepReport r) {
        String message = "epoch %d, loss %.3f, lr %.1e, %,.0f tok/s".formatted(r.epoch(), r.loss(), r.learningRate(), r.tokensPerSecond());
        if (bar != null) {
            bar.stepTo(budget == null ? r.step() : Math.min(budget.toSeconds(), (System.nanoTime() - startNanos) / 1_000_000_000L));
            bar.setExtraMessage(message);
        } else if (System.nanoTime() - lastLineNanos > 30_000_000_000L) {
            line("step %,d/%,d: %s".formatted(r.step(), r.totalSteps(), message));
        }
    }

    @Override
    public void onEvaluation(EvalReport r) {
        line("Ep %d (step %,d, %,d tokens): train loss %.3f, val loss %.3f".formatted(r.epoch(), r.step(), r.tokensSeen(), r.trainLoss(), r.validationLoss()));
        if (!r.sample().isEmpty()) line("  sample: " + r.sample().replace("\n", " "));
    }

    @Override
    public void onEpochEnd(long epoch, double seconds) {
        line("epoch %d done in %.1f s".formatted(epoch, seconds));
    }

    @Override
    public void onCheckpoint(Path dir) {
        line("checkpoint " + dir);
    }

    /** A line above the bar. */
    void line(String text) {
        if (bar != null) {
            System.err.print("\r\033[2K");
            System.err.flush();
        }
        out.println(text);
        out.flush();
        lastLineNanos = System.nanoTime();
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
        bar = null;
    }

    /** "5 min", "2.5 min" or "12 s". */
    static String minutes(Duration d) {
        double seconds = d.toMillis() / 1000.0;
        if (seconds < 60) return "%.0f s".formatted(seconds);
        return seconds % 60 == 0 ? d.toMinutes() + " min" : "%.1f min".formatted(seconds / 60);
    }
}
