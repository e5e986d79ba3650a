package jgpt.cli;

import static jgpt.cli.ModelCommandsTest.jgpt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Path;
import jgpt.backend.cuda.CudaInfo;
import jgpt.io.SafeDType;
import jgpt.model.GPTConfig;
import jgpt.model.GPTModel;
import jgpt.model.io.GPTCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceOptionsTest {
    @Test
    void cudaWithoutAGpuFailsWithOneSentence() {
        assumeFalse(CudaInfo.probe().available(), "this machine has a GPU");
        assertOneSentenceAboutTheGpu(jgpt("generate", "--model", "nowhere", "--ids", "1", "--device", "cuda"));
        assertOneSentenceAboutTheGpu(jgpt("chat", "--model", "nowhere", "--device", "cuda"));
        assertOneSentenceAboutTheGpu(jgpt("train", "--data", "nowhere", "--device", "cuda"));
        assertOneSentenceAboutTheGpu(jgpt("bench", "decode", "--device", "cuda", "--tokens", "1"));
        assertOneSentenceAboutTheGpu(jgpt("bench", "train", "--device", "cuda", "--steps", "1"));
        assertOneSentenceAboutTheGpu(jgpt("finetune", "classify", "--model", "nowhere", "--data", "nowhere.csv", "--out", "nowhere", "--device", "cuda"));
        assertOneSentenceAboutTheGpu(jgpt("quickstart", "--out", "nowhere", "--device", "cuda"));
    }

    private static void assertOneSentenceAboutTheGpu(ModelCommandsTest.Run run) {
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err().strip()).startsWith("jgpt: --device cuda needs a usable NVIDIA GPU, but ").doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void reducedPrecisionOnTheCpuIsRefused() {
        assertRefusesBf16OnTheCpu(jgpt("bench", "decode", "--device", "cpu", "--precision", "bf16", "--tokens", "1"));
        assertRefusesBf16OnTheCpu(jgpt("finetune", "classify", "--model", "nowhere", "--data", "nowhere.csv", "--out", "nowhere",
                "--device", "cpu", "--precision", "bf16"));
        assertRefusesBf16OnTheCpu(jgpt("quickstart", "--out", "nowhere", "--device", "cpu", "--precision", "bf16"));
    }

    private static void assertRefusesBf16OnTheCpu(ModelCommandsTest.Run run) {
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err().strip()).isEqualTo("jgpt: --precision bf16 needs the GPU, but the model runs on the cpu");
    }

    @Test
    void unknownDeviceIsNamed() {
        var run = jgpt("bench", "decode", "--device", "tpu", "--tokens", "1");
        assertThat(run.err().strip()).isEqualTo("jgpt: --device must be cpu, cuda or auto, got 'tpu'");
    }

    @Test
    void decodeBenchPrintsTokensPerSecondOnTheCpu(@TempDir Path tmp) {
        GPTCheckpoint.save(new GPTModel(new GPTConfig(97, 64, 32, 4, 2, 0f, true, true), 1), tmp, GPTCheckpoint.Format.JGPT, SafeDType.F32);
        var run = jgpt("bench", "decode", "--device", "cpu", "--model", tmp.toString(), "--tokens", "8");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("DECODE jgpt .* cpu batch1 kv-cache: 8 tokens in [0-9.]+ s, [0-9.]+ tok/s");
    }
}
