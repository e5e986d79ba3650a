package jgpt.backend.cuda;

import java.util.Arrays;
import java.util.Random;
import jgpt.io.BFloat16;
import jgpt.tensor.AttentionDropout;
import jgpt.tensor.Backend;
import jgpt.tensor.DType;
import jgpt.tensor.Device;
import jgpt.tensor.Storage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static jgpt.backend.cuda.CudaStorage.address;
import static jgpt.backend.cuda.DeviceParity.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tensor-core attention kernels on bf16 heads (q, k, v, out and their gradients bf16, lse float32) against the
 * float32 kernels on the same bf16-rounded values, for dense (G, T, 64) heads and the packed (B, T, 3C) projection,
 * and against the CPU backend once.
 */
@ExtendWith(GpuAtFloat32.class)
class CudaBf16AttentionTest {
    private static final int D = TensorCoreAttention.HEAD_DIM;
    private static final float SCALE = (float) (1 / Math.sqrt(D));
    // Both read the same bf16 values and compute alike: out differs by its rounding to bf16 (2^-9 relative at most),
    // lse not at all; the gradients also see the rounded out (in rowDot) and are rounded themselves.
    private static final double OUT_TOLERANCE = 5e-3, LSE_TOLERANCE = 1e-5, GRADIENT_TOLERANCE = 1e-2;
    // gradients measured against at least this much per element: at T = 1, dq and dk are 0 but for rounding noise
    private static final double GRADIENT_FLOOR = 1e-3;
    // bf16 products on one side, float64-like CPU math on the other (as CudaSelfAttentionParityTest)
    private static final double CPU_TOLERANCE = 1e-2;

    private static CudaBackend backend;
    private static TensorCoreAttention attention;

    @BeforeAll
    static void kernels() {
        backend = CudaBackend.get();
        attention = new TensorCoreAttention(backend.context(), new DeviceAllocator(backend.context()),
                backend.lateModule(TensorCoreAttention.class));
    }

    @BeforeEach
    void inBf16() {
        backend.setPrecision(Precision.BF16);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 70, 130, 256})
    void denseHeadsMatchTheFloat32Kernels(int t) {
        Random rng = new Random(t);
        int groups = 3, n = groups * t * D;
        float[][] inputs = {rounded(rng, n), rounded(rng, n), rounded(rng, n), rounded(rng, n)};
        float[][] expected = dense(false, inputs, groups, t), actual = dense(true, inputs, groups, t);
        String[] names = {"out", "lse", "dq", "dk", "dv"};
        for (int i = 0; i < names.length; i++) assertMatches("dense G=" + groups + " T=" + t + " " + names[i], i, actual[i], expected[i]);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 70, 130, 256})
    void packedProjectionMatchesTheFloat32Kernels(int t) {
        Random rng = new Random(1000 + t);
        int batch = 2, heads = 3, rows = batch * t, c = heads * D;
        float[] qkv = rounded(rng, rows * 3 * c), dout = rounded(rng, rows * c);
        float[][] expected = packed(false, qkv, dout, batch, t, heads), actual = packed(true, qkv, dout, batch, t, heads);
        String[] names = {"out", "lse", "dqkv"};
        for (int i = 0; i < names.length; i++) {
            assertMatches("packed B=" + batch + " H=" + heads + " T=" + t + " " + names[i], i, actual[i], expected[i]);
        }
    }

    @Test
    void denseHeadsMatchTheCpuBackend() {
        Random rng = new Random(7);
        int groups = 2, t = 70, n = groups * t * D;
        float[][] inputs = {rounded(rng, n), rounded(rng, n), rounded(rng, n), rounded(rng, n)};
        float[][] expected = cpuAttention(inputs, groups, t), actual = dense(true, inputs, groups, t);
        String[] names = {"out", "lse", "dq", "dk", "dv"};
        for (int i = 0; i < names.length; i++) assertClose("bf16 against CPU " + names[i], actual[i], expected[i], CPU_TOLERANCE);
    }

    // result 0 is out, 1 lse, the rest gradients
    private static void assertMatches(String what, int result, float[] actual, float[] expected) {
        if (result == 0) assertClose(what, actual, expected, OUT_TOLERANCE);
        else if (result == 1) assertClose(what, actual, expected, LSE_TOLERANCE);
        else assertClose(what, actual, expected, GRADIENT_TOLERANCE, GRADIENT_FLOOR * Math.sqrt(expected.length));
    }

    /** N(0, 1) values rounded to bf16, so that float32 and bf16 kernels read the same numbers. */
    private static float[] rounded(Random rng, int n) {
        float[] x = DeviceParity.normal(rng, n);
        for (int i = 0; i < n; i++) x[i] = BFloat16.toFloat(BFloat16.fromFloat(x[i]));
        return x;
    }

    // inputs q, k, v, dout (G, T, 64) -> out, lse, dq, dk, dv, in bf16 or float32 heads
    private static float[][] dense(boolean bf16, float[][] inputs, int groups, int t) {
        int n = groups * t * D;
        Storage[] in = Arrays.stream(inputs).map(x -> onDevice(x, groups * t, D, bf16)).toArray(Storage[]::new);
        Storage out = heads(n, bf16), lse = backend.allocate(DType.FLOAT32, groups * t);
        Storage dq = heads(n, bf16), dk = heads(n, bf16), dv = heads(n, bf16);
        AttentionLayout layout = AttentionLayout.dense(D);
        attention.forward(address(in[0]), address(in[1]), address(in[2]), groups, t, layout, SCALE, AttentionDropout.NONE, address(out),
                address(lse), bf16);
        attention.backward(address(in[3]), address(in[0]), address(in[1]), address(in[2]), address(out), address(lse), groups, t,
                layout, SCALE, AttentionDropout.NONE, address(dq), address(dk), address(dv), bf16);
        return new float[][] {download(out), download(lse), download(dq), download(dk), download(dv)};
    }

    // qkv (B, T, 3C) and dout (B, T, C) -> out (B, T, C), lse (B H, T), dqkv (B, T, 3C), as causalSelfAttention places them
    private static float[][] packed(boolean bf16, float[] qkvValues, float[] doutValues, int batch, int t, int heads) {
        int rows = batch * t, c = heads * D;
        Storage qkv = onDevice(qkvValues, rows, 3 * c, bf16), dout = onDevice(doutValues, rows, c, bf16);
        Storage out = heads(rows * c, bf16), lse = backend.allocate(DType.FLOAT32, batch * heads * t), dqkv = heads(rows * 3 * c, bf16);
        AttentionLayout layout = AttentionLayout.packed(heads, D);
        attention.forward(address(qkv), address(qkv, c), address(qkv, 2 * c), batch * heads, t, layout, SCALE, AttentionDropout.NONE,
                address(out), address(lse), bf16);
        attention.backward(address(dout), address(qkv), address(qkv, c), address(qkv, 2 * c), address(out), address(lse),
                batch * heads, t, layout, SCALE, AttentionDropout.NONE, address(dqkv), address(dqkv, c), address(dqkv, 2 * c), bf16);
        return new float[][] {download(out), download(lse), download(dqkv)};
    }

    // values (rows, cols) on the GPU: as uploaded, or their bf16 copy (exact, as the values are bf16 already)
    private static Storage onDevice(float[] values, int rows, int cols, boolean bf16) {
        Storage uploaded = backend.upload(values);
        if (!bf16) return uploaded;
        Storage copy = backend.allocate(DType.BFLOAT16, values.length);
        backend.gemm().copyToBf16(address(uploaded), rows, cols, address(copy));
        assertThat(download(copy)).as("bf16 copy of the rounded inputs").containsExactly(values);
        return copy;
    }

    private static Storage heads(int n, boolean bf16) {
        return backend.allocate(bf16 ? DType.BFLOAT16 : DType.FLOAT32, n);
    }

    private static float[] download(Storage s) {
        return backend.downloadFloats(s, 0, s.size());
    }

    // the CPU backend's attention on q, k, v, dout (G, T, 64): out, lse, dq, dk, dv
    private static float[][] cpuAttention(float[][] inputs, int groups, int t) {
        Backend cpu = Device.CPU.backend();
        int n = groups * t * D;
        Storage[] in = Arrays.stream(inputs).map(cpu::upload).toArray(Storage[]::new);
        Storage out = cpu.allocate(DType.FLOAT32, n), lse = cpu.allocate(DType.FLOAT32, groups * t);
        Storage dq = cpu.allocate(DType.FLOAT32, n), dk = cpu.allocate(DType.FLOAT32, n), dv = cpu.allocate(DType.FLOAT32, n);
        cpu.attentionForward(in[0], in[1], in[2], groups, t, t, D, t * D, SCALE, AttentionDropout.NONE, out, lse);
        cpu.attentionBackward(in[3], in[0], in[1], in[2], out, lse, groups, t, D, SCALE, AttentionDropout.NONE, dq, dk, dv);
        Storage[] results = {out, lse, dq, dk, dv};
        return Arrays.stream(results).map(s -> cpu.downloadFloats(s, 0, s.size())).toArray(float[][]::new);
    }
}
