package jgpt.backend.cuda;

import java.util.List;
import java.util.Random;
import jgpt.model.GPTConfig;
import jgpt.model.GPTModel;
import jgpt.nn.AdamW;
import jgpt.nn.GradientClipping;
import jgpt.nn.ParamGroup;
import jgpt.tensor.Device;
import jgpt.tensor.Functional;
import jgpt.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A training step as Trainer takes it (forward, cross-entropy, backward, clipping, AdamW) is queued without the host
 * waiting for the GPU once; it waits once, where it reads the loss and the gradient norm.
 */
class TrainingStepHostWaitsTest {
    private static final int VOCAB = 97, T = 32;

    @BeforeAll
    static void requireGpu() {
        DeviceParity.assumeGpu();
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void aStepWaitsOnlyWhereItReadsItsLossAndNorm(Precision precision) {
        CudaBackend gpu = CudaBackend.get();
        gpu.setPrecision(precision);
        try {
            GPTModel model = new GPTModel(new GPTConfig(VOCAB, T, 48, 4, 2, 0.1f, true, false), 3, Device.CUDA);
            AdamW optimizer = new AdamW(ParamGroup.decayMatricesOnly(model.parameters(), 0.1f), 1e-3f);
            Random rng = new Random(4);
            Tensor ids = randomIds(rng), targets = randomIds(rng);
            readBoth(step(model, optimizer, ids, targets));   // the first step times GEMM algorithms, which waits
            for (int i = 0; i < 2; i++) {
                long before = gpu.hostWaits();
                Tensor[] lossAndNorm = step(model, optimizer, ids, targets);
                assertThat(gpu.hostWaits() - before).as("waits while a %s step is queued", precision).isZero();
                float[] read = readBoth(lossAndNorm);
                assertThat(gpu.hostWaits() - before).as("waits once the loss and norm are read").isEqualTo(1);
                assertThat(Float.isFinite(read[0]) && Float.isFinite(read[1])).as("loss and norm finite").isTrue();
            }
        } finally {
            gpu.setPrecision(Precision.FP32);
        }
    }

    // Trainer's step: every op queued on the GPU; returns the loss and the norm before clipping, not yet read
    private static Tensor[] step(GPTModel model, AdamW optimizer, Tensor ids, Tensor targets) {
        optimizer.zeroGrad();
        Tensor loss = Functional.crossEntropy(model.forward(ids).reshape(-1, VOCAB), targets.reshape(-1));
        loss.backward();
        Tensor norm = GradientClipping.clipGlobalNorm(model.parameters(), 1.0);
        optimizer.step();
        return new Tensor[] {loss.detach(), norm};
    }

    private static float[] readBoth(Tensor[] lossAndNorm) {
        return Functional.concat(List.of(lossAndNorm[0].reshape(1), lossAndNorm[1].reshape(1)), 0).toFloatArray();
    }

    private static Tensor randomIds(Random rng) {
        return Tensor.ofInts(rng.ints(2 * T, 0, VOCAB).toArray(), 2, T).to(Device.CUDA);
    }
}
