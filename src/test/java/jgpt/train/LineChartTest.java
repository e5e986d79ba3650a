package jgpt.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineChartTest {
    @TempDir
    Path tmp;

    private static long pixels(BufferedImage image, Color color) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) if (image.getRGB(x, y) == color.getRGB()) n++;
        }
        return n;
    }

    @Test
    void drawsEachSeriesInItsColourAndWritesAPng() throws IOException {
        var chart = new LineChart("Accuracy", "Epochs", "Accuracy", x -> "%.0f".formatted(x))
                .add("train", List.of(new LineChart.Point(1, 0.6), new LineChart.Point(2, 0.8), new LineChart.Point(3, 0.95)),
                        LineChart.BLUE, LineChart.Style.SOLID)
                .add("validation", List.of(new LineChart.Point(1, 0.55), new LineChart.Point(3, 0.9)), LineChart.ORANGE, LineChart.Style.DASHED);
        BufferedImage image = chart.render();
        assertThat(pixels(image, LineChart.BLUE)).isGreaterThan(300);
        assertThat(pixels(image, LineChart.ORANGE)).isGreaterThan(150);
        Path png = tmp.resolve("chart.png");
        chart.write(png);
        BufferedImage read = ImageIO.read(png.toFile());
        assertThat(read.getWidth()).isEqualTo(image.getWidth());
        assertThat(pixels(read, LineChart.BLUE)).isEqualTo(pixels(image, LineChart.BLUE));
    }

    @Test
    void tickNumbersAreAsShortAsTheyCanBe() {
        assertThat(List.of(0.0, 1.0, 0.5, 2500.0, 0.1 + 0.2, -3.0).stream().map(LineChart::number).toList())
                .containsExactly("0", "1", "0.5", "2500", "0.3", "-3");
    }

    @Test
    void anEmptyChartStillRenders() {
        BufferedImage image = new LineChart("Loss", "Steps", "Loss", x -> "%.0f".formatted(x))
                .add("none", List.of(), LineChart.BLUE, LineChart.Style.FAINT).render();
        assertThat(pixels(image, Color.WHITE)).isGreaterThan(image.getWidth() * image.getHeight() / 2);
    }
}
