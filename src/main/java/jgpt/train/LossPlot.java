package jgpt.train;

import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * Draws the run's losses against tokens seen, like the book's figure 5.12: training loss (solid) and
 * validation loss (dashed) at each evaluation, over the per-step training loss in a lighter shade.
 */
public final class LossPlot {
    private LossPlot() {
    }

    /** Renders the metrics rows and writes the PNG atomically. */
    public static void write(List<JsonObject> rows, Path png) {
        chart(rows).write(png);
    }

    static BufferedImage render(List<JsonObject> rows) {
        return chart(rows).render();
    }

    private static LineChart chart(List<JsonObject> rows) {
        return new LineChart("Training and validation loss", "Tokens seen", "Loss", LossPlot::tokens)
                .add("Training loss (step)", MetricsLog.series(rows, "step", "tokens", "loss"), LineChart.BLUE, LineChart.Style.FAINT)
                .add("Training loss (eval)", MetricsLog.series(rows, "eval", "tokens", "train_loss"), LineChart.BLUE, LineChart.Style.SOLID)
                .add("Validation loss", MetricsLog.series(rows, "eval", "tokens", "val_loss"), LineChart.ORANGE, LineChart.Style.DASHED);
    }

    private static String tokens(double x) {
        if (x >= 1e6) return "%.1fM".formatted(x / 1e6).replace(".0M", "M");
        if (x >= 1e3) return "%.0fk".formatted(x / 1e3);
        return "%.0f".formatted(x);
    }
}
