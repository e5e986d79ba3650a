package jgpt.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import jgpt.cli.ModelCommandsTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static jgpt.cli.ModelCommandsTest.jgpt;
import static org.assertj.core.api.Assertions.assertThat;

/** A quickstart of a second, twice: the second run continues the first (no terminal to ask on). */
class QuickstartCommandTest {
    @TempDir
    Path tmp;

    @Test
    void trainsWritesTheRunFolderPrintsSamplesAndContinuesOnTheSecondRun() {
        Path out = tmp.resolve("quickstart");
        Run first = jgpt("quickstart", "--minutes", "0.01", "--out", out.toString(), "--device", "cpu");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("jgpt quickstart: a GPT of 4 layers, 4 heads, 256 dims, context 128 (16,055,040 parameters)", " CPU threads; run folder ",
                "training for 1 s from step 0", "trained to step", "samples (temperature 0.8, top-k 40):", "  music:", "  happy:");
        assertThat(out.resolve("loss.png")).exists();
        assertThat(out.resolve("metrics.jsonl")).exists();
        assertThat(out.resolve("config.json")).exists();

        Run second = jgpt("quickstart", "--minutes", "0.01", "--out", out.toString());
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains(out + " holds an earlier quickstart run; continuing it (--fresh starts over)")
                .doesNotContain("training for 1 s from step 0");
        Run contradiction = jgpt("quickstart", "--fresh", "--resume", "--out", out.toString());
        assertThat(contradiction.err().strip()).isEqualTo("jgpt: --fresh and --resume contradict each other; give one");
    }
}
