package jgpt.train;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlotsTest {
    @Test
    void aRuntimeWithoutJavaDesktopSkipsThePlotWithOneWarning() {
        var warnings = new ByteArrayOutputStream();
        var out = new PrintStream(warnings, true, StandardCharsets.UTF_8);
        Runnable missingAwt = () -> {
            throw new NoClassDefFoundError("java/awt/Stroke");
        };
        Plots.drawIfPossible(missingAwt, out);
        Plots.drawIfPossible(missingAwt, out);
        String text = warnings.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("java.awt.Stroke is missing").contains("metrics.jsonl keeps every figure");
        assertThat(text.lines().count()).as("warned once").isEqualTo(1);
    }

    @Test
    void aDrawingRuntimeDraws() {
        boolean[] drawn = {false};
        Plots.drawIfPossible(() -> drawn[0] = true);
        assertThat(drawn[0]).isTrue();
    }
}
