package jgpt.backend.cuda;

import java.util.Random;
import jgpt.nn.AdamW;
import jgpt.nn.GradientClipping;
import jgpt.nn.ParamGroup;
import jgpt.tensor.Device;
import jgpt.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Whole training steps of a small GPT on the GPU and on the CPU: same losses, gradients and updated weights. */
class CudaTrainingParityTest {

    @BeforeAll
    static void requireGpu() {
        DeviceParity.assumeGpu();
    }

    @Test
    void adamwTrainingStepsMatchTheCpu() {
        var config = new TinyGpt.Config(97, 32, 48, 4, 2, 0.1f);
        TinyGpt cpu = new TinyGpt(config, 11, Device.CPU), gpu = new TinyGpt(config, 11, Device.CUDA);
        AdamW cpuOpt = new AdamW(ParamGroup.decayMatricesOnly(cpu.parameters(), 0.1f), 1e-3f);
        AdamW gpuOpt = new AdamW(ParamGroup.decayMatricesOnly(gpu.parameters(), 0.1f), 1e-3f);
        Random rng = new Random(12);
        for (int step = 1; step <= 4; step++) {
            Tensor[] batch = TinyGpt.batch(rng, 3, 32, config.vocab(), Device.CPU);
            cpuOpt.zeroGrad();
            gpuOpt.zeroGrad();
            Tensor cpuLoss = cpu.loss(batch[0], batch[1]);
            Tensor gpuLoss = gpu.loss(batch[0].to(Device.CUDA), batch[1].to(Device.CUDA));
            assertThat((double) gpuLoss.item()).as("loss at step " + step).isCloseTo(cpuLoss.item(), org.assertj.core.api.Assertions.within(1e-4 * cpuLoss.item()));
            cpuLoss.backward();
            gpuLoss.backward();
            for (int i = 0; i < cpu.parameters().size(); i++) {
                var name = cpu.parameters().get(i).name();
                DeviceParity.assertClose("gradient of " + name + " at step " + step,
                        gpu.parameters().get(i).tensor().grad().toFloatArray(), cpu.parameters().get(i).tensor().grad().toFloatArray());
            }
            double cpuNorm = GradientClipping.clipGlobalNorm(cpu.parameters(), 1).item(), gpuNorm = GradientClipping.clipGlobalNorm(gpu.parameters(), 1).item();
            assertThat(gpuNorm).as("gradient norm").isCloseTo(cpuNorm, org.assertj.core.api.Assertions.within(1e-4 * cpuNorm));
            cpuOpt.step();
            gpuOpt.step();
        }
        // Adam normalises each update, so rounding differences in tiny gradients become whole steps: looser here
        for (int i = 0; i < cpu.parameters().size(); i++) {
            DeviceParity.assertClose("weights of " + cpu.parameters().get(i).name() + " after 4 steps",
                    gpu.parameters().get(i).tensor().toFloatArray(), cpu.parameters().get(i).tensor().toFloatArray(), 1e-3);
        }
    }
}
