package jgpt.backend.cuda;

import java.util.ArrayList;
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
 * A training step as Trainer takes it (each micro-batch's upload, forward, cross-entropy and backward; clipping,
 * AdamW) is queued without the host waiting for the GPU once; it waits once, where it reads the losses and the norm.
 */
class TrainingStepHostWaitsTest {
    private static final int VOCAB = 97, T = 32, MICRO_BATCHES = 2;

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
            readAll(step(model, optimizer, rng));   // the first step times GEMM algorithms, which waits
            for (int i = 0; i < 2; i++) {
                long before = gpu.hostWaits();
                List<Tensor> lossesAndNorm = step(model, optimizer, rng);
                assertThat(gpu.hostWaits() - before).as("waits while a %s step is queued", precision).isZero();
                float[] read = readAll(lossesAndNorm);
                assertThat(gpu.hostWaits() - before).as("waits once the losses and norm are read").isEqualTo(1);
                for (float value : read) assertThat(Float.isFinite(value)).as("loss or norm finite").isTrue();
            }
        } finally {
            gpu.setPrecision(Precision.FP32);
        }
    }

    // Trainer's step over MICRO_BATCHES batches uploaded as it goes: every op queued on the GPU; returns the
    // micro-batches' losses and the norm before clipping, not yet read
    private static List<Tensor> step(GPTModel model, AdamW optimizer, Random rng) {
        optimizer.zeroGrad();
        List<Tensor> values = new ArrayList<>();
        for (int micro = 0; micro < MICRO_BATCHES; micro++) {
            Tensor ids = randomIds(rng), targets = randomIds(rng);
            Tensor loss = Functional.crossEntropy(model.forward(ids).reshape(-1, VOCAB), targets.reshape(-1));
            loss.scale(1f / MICRO_BATCHES).backwardAndFree(loss);
            values.add(loss.detach().reshape(1));
        }
        values.add(GradientClipping.clipGlobalNorm(model.parameters(), 1.0).reshape(1));
        optimizer.step();
        return values;
    }

    private static float[] readAll(List<Tensor> values) {
        return Functional.concat(values, 0).toFloatArray();
    }

    private static Tensor randomIds(Random rng) {
        return Tensor.ofInts(rng.ints(2 * T, 0, VOCAB).toArray(), 2, T).to(Device.CUDA);
    }
}
