package jgpt.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import jgpt.train.LossPlot;
import jgpt.train.MetricsLog;
import jgpt.train.Plots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jgpt plot RUN}: draws a run's loss plot again from its metrics.jsonl, for runs made where no fonts
 * are installed (a bare GPU server writes the plot without labels).
 */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Draw a training run's loss plot (loss.png) again from its metrics.jsonl.")
final class PlotCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "A run folder or its metrics.jsonl.")
    Path run;

    @Option(names = "--out", paramLabel = "PNG", description = "The image to write (default: loss.png beside the metrics).")
    Path out;

    @Override
    public void run() {
        Path metrics = Files.isDirectory(run) ? run.resolve("metrics.jsonl") : run;
        if (!Files.isRegularFile(metrics)) throw new IllegalArgumentException(metrics + " does not exist; give a run folder or its metrics.jsonl");
        var rows = new MetricsLog(metrics).rows();
        if (rows.isEmpty()) throw new IllegalArgumentException(metrics + " holds no metrics rows");
        Path png = out != null ? out : metrics.toAbsolutePath().resolveSibling("loss.png");
        try {
            LossPlot.write(rows, png);
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException(Plots.cannotDraw(e), e);
        }
        spec.commandLine().getOut().printf("drew %,d rows of %s into %s%n", rows.size(), metrics, png);
        spec.commandLine().getOut().flush();
    }
}
