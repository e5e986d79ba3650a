package jgpt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import jgpt.backend.cuda.Precision;
import jgpt.bench.DecodeBench;
import jgpt.bench.TrainingBench;
import jgpt.tensor.Device;
import jgpt.tensor.WeightFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench tokenizer, decode and train: output lines and one-sentence errors (never timings). */
class BenchCommandsTest {
    private final StringWriter out = new StringWriter(), err = new StringWriter();

    private int run(String... args) {
        return Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void tokenizerPrintsThroughputMachineAndPeakMemory(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("text.txt");
        Files.writeString(text, "Hello world, this is a small benchmark text.\n".repeat(50));
        assertThat(run("bench", "tokenizer", "--input", text.toString(), "--warmup", "0", "--passes", "1")).isZero();
        assertThat(out.toString()).contains("SIMD", "peak memory").containsPattern("TOKENIZE jgpt .*MB/s, [0-9,]+ tokens/s \\(550 tokens");
    }

    @Test
    void tokenizerNamesAMissingInput(@TempDir Path dir) {
        assertThat(run("bench", "tokenizer", "--input", dir.resolve("none.txt").toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("jgpt: --input: cannot read").contains("none.txt");
    }

    @Test
    void decodeRejectsAnUnknownWeightFormat() {
        assertThat(run("bench", "decode", "--weights", "fp8")).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("jgpt: --weights must be fp32, bf16 or int8, got 'fp8'.");
    }

    @Test
    void reducedPrecisionAndAnchorsNeedTheCpu() {
        assertThatThrownBy(() -> new DecodeBench.Options("book-124m", Device.CUDA, 8, WeightFormat.INT8, false))
                .hasMessage("--weights int8 needs --device cpu");
        assertThatThrownBy(() -> new DecodeBench.Options("book-124m", Device.CUDA, 8, WeightFormat.FP32, true))
                .hasMessageContaining("--anchor times PyTorch on the CPU");
        assertThatThrownBy(() -> new TrainingBench.Options("book-124m", Device.CUDA, Precision.FP32, 2, 256, 0, 1, 1, 0, 0f, true, false))
                .hasMessageContaining("--anchor times PyTorch on the CPU");
    }
}
