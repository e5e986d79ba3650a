package jgpt.backend.cuda;

import java.util.Random;
import jgpt.model.GPTConfig;
import jgpt.model.GPTModel;
import jgpt.nn.Parameter;
import jgpt.tensor.DType;
import jgpt.tensor.Device;
import jgpt.tensor.Functional;
import jgpt.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static jgpt.backend.cuda.DeviceParity.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * bf16 activations as tensors (autocast's types): in bf16 precision linear layers, LayerNorm, attention and the logits
 * are bf16 tensors, parameters and their gradients float32; conversions round to nearest even and ops without bf16
 * kernels take bf16 inputs through float32. Values against float32 computations on bf16-rounded inputs.
 */
@ExtendWith(GpuAtFloat32.class)
class CudaBf16ActivationsTest {
    private static final double TOLERANCE = 1e-2;

    @Test
    void conversionsRoundToNearestEvenAndCarryGradients() {
        // 1 + 2^-8 is halfway between two bf16 values and rounds to the even one (1); 1 + 3 * 2^-8 rounds up
        float[] values = {1f, 1f + 0x1p-8f, 1f + 0x3p-8f, -2.5f, 0f, 65504f, 1e-20f};
        float[] rounded = {1f, 1f, 1f + 0x1p-6f, -2.5f, 0f, 65536f, Bf16Rounding.round(1e-20f)};
        Tensor x = Tensor.of(values, values.length).to(Device.CUDA).requiresGrad(true);
        Tensor half = x.to(DType.BFLOAT16);
        assertThat(half.dtype()).isEqualTo(DType.BFLOAT16);
        assertThat(half.toFloatArray()).containsExactly(rounded);
        assertThat(half.to(Device.CPU).dtype()).as("bf16 values arrive on the CPU as float32").isEqualTo(DType.FLOAT32);

        half.to(DType.FLOAT32).scale(3f).sum().backward();
        assertThat(x.grad().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(x.grad().toFloatArray()).containsOnly(3f);
    }

    @Test
    void opsWriteBf16ActivationsInBf16Precision() {
        CudaBackend.get().setPrecision(Precision.BF16);
        Random rng = new Random(1);
        Tensor x = Tensor.randn(rng, 1f, 2, 24, 192).to(Device.CUDA);
        Tensor w = Tensor.randn(rng, 0.05f, 576, 192).to(Device.CUDA), b = Tensor.zeros(576).to(Device.CUDA);
        Tensor gamma = Tensor.full(1f, 192).to(Device.CUDA), beta = Tensor.zeros(192).to(Device.CUDA);

        Tensor normed = Functional.layerNorm(x, gamma, beta, 1e-5f);
        Tensor qkv = Functional.linear(normed, w, b);
        Tensor context = Functional.causalSelfAttention(qkv, 3);
        assertThat(normed.dtype()).isEqualTo(DType.BFLOAT16);
        assertThat(qkv.dtype()).isEqualTo(DType.BFLOAT16);
        assertThat(context.dtype()).isEqualTo(DType.BFLOAT16);
        assertThat(x.add(context.slice(2, 0, 192).contiguous()).dtype()).as("the residual stream stays float32").isEqualTo(DType.FLOAT32);
        assertThat(Functional.gelu(qkv).dtype()).as("ops without bf16 kernels compute in float32").isEqualTo(DType.FLOAT32);

        CudaBackend.get().setPrecision(Precision.FP32);
        assertThat(Functional.linear(x, w, b).dtype()).isEqualTo(DType.FLOAT32);
    }

    @Test
    void bf16InputsOfFloat32OpsMatchTheirRoundedValues() {
        CudaBackend.get().setPrecision(Precision.BF16);
        Random rng = new Random(2);
        float[] a = DeviceParity.normal(rng, 6 * 40), c = DeviceParity.normal(rng, 40 * 9);
        Tensor ha = Tensor.of(a, 6, 40).to(Device.CUDA).to(DType.BFLOAT16), hc = Tensor.of(c, 40, 9).to(Device.CUDA).to(DType.BFLOAT16);
        Tensor ra = Tensor.of(ha.toFloatArray(), 6, 40), rc = Tensor.of(hc.toFloatArray(), 40, 9);

        assertClose("matmul of bf16 tensors", ha.matmul(hc).toFloatArray(), ra.matmul(rc).toFloatArray(), 1e-5);
        assertClose("softmax of a bf16 tensor", Functional.softmax(ha).toFloatArray(), Functional.softmax(ra).toFloatArray(), 1e-5);
        assertClose("bf16 + float32", ha.add(Tensor.of(a, 6, 40).to(Device.CUDA)).toFloatArray(),
                ra.add(Tensor.of(a, 6, 40)).toFloatArray(), 1e-6);
        Tensor both = ha.mul(ha);
        assertThat(both.dtype()).as("bf16 op bf16 stays bf16").isEqualTo(DType.BFLOAT16);
        assertClose("bf16 * bf16", both.toFloatArray(), ra.mul(ra).toFloatArray(), TOLERANCE);
    }

    @Test
    void crossEntropyOfBf16LogitsMatchesFloat32OnTheRoundedValues() {
        CudaBackend.get().setPrecision(Precision.BF16);
        Random rng = new Random(3);
        int rows = 24, vocab = 50257;
        float[] values = Bf16Rounding.round(DeviceParity.normal(rng, rows * vocab));
        int[] targets = rng.ints(rows, 0, vocab).toArray();
        targets[5] = Functional.IGNORE_INDEX;
        Tensor expectedLogits = Tensor.of(values, rows, vocab).requiresGrad(true);
        Tensor gpuLogits = Tensor.of(values, rows, vocab).to(Device.CUDA).requiresGrad(true);

        Tensor expected = Functional.crossEntropy(expectedLogits, Tensor.ofInts(targets, rows));
        Tensor loss = Functional.crossEntropy(gpuLogits.to(DType.BFLOAT16), Tensor.ofInts(targets, rows).to(Device.CUDA));
        assertThat(loss.item()).isCloseTo(expected.item(), within(1e-4f));
        loss.backward();
        expected.backward();
        assertClose("gradient through bf16 logits", gpuLogits.grad().toFloatArray(), expectedLogits.grad().toFloatArray(), TOLERANCE);
    }

    @Test
    void aTrainingStepInBf16KeepsParametersAndGradientsFloat32() {
        CudaBackend.get().setPrecision(Precision.BF16);
        var config = new GPTConfig(301, 64, 128, 2, 2, 0f, true, true);
        GPTModel model = new GPTModel(config, 11, Device.CUDA);
        Random rng = new Random(12);
        Tensor ids = Tensor.ofInts(rng.ints(2 * 40, 0, 301).toArray(), 2, 40).to(Device.CUDA);
        Tensor logits = model.forward(ids);
        assertThat(logits.dtype()).isEqualTo(DType.BFLOAT16);
        Functional.crossEntropy(logits.reshape(80, -1), Tensor.ofInts(rng.ints(80, 0, 301).toArray(), 80).to(Device.CUDA)).backward();
        for (Parameter p : model.parameters()) {
            assertThat(p.tensor().dtype()).as(p.name()).isEqualTo(DType.FLOAT32);
            assertThat(p.tensor().grad().dtype()).as("gradient of " + p.name()).isEqualTo(DType.FLOAT32);
        }
    }
}
