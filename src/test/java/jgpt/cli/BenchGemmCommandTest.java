package jgpt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class BenchGemmCommandTest {
    private final StringWriter out = new StringWriter(), err = new StringWriter();

    private int run(String... args) {
        return Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void printsTheMachineAndOneLinePerShape() {
        int exit = run("bench", "gemm", "--shapes", "8x9x10,1x16x33", "--trans", "nt", "--warmup", "0", "--iters", "1");
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("SIMD", "threads", "op(A) op(B) = NT")
                .containsPattern("(?m)^8x9x10 +[0-9.]+$").containsPattern("(?m)^1x16x33 +[0-9.]+$");
    }

    @Test
    void rejectsAMalformedShapeWithOneSentence() {
        assertThat(run("bench", "gemm", "--shapes", "512x768")).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo(
                "jgpt: --shapes: '512x768' is not MxKxN with positive sizes (e.g. 512x768x3072).");
    }

    @Test
    void reducedPrecisionNeedsTheGpu() {
        assertThat(run("bench", "gemm", "--device", "cpu", "--precision", "bf16")).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("jgpt: --precision bf16 needs the GPU, but the model runs on the cpu");
    }

    @Test
    void rejectsAnUnknownTranspose() {
        assertThat(run("bench", "gemm", "--trans", "NX")).isEqualTo(1);
        assertThat(err.toString()).contains("--trans must be NN, NT, TN or TT");
    }
}
