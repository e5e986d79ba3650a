package jgpt.backend.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import jgpt.generate.GenerationConfig;
import jgpt.generate.Generator;
import jgpt.generate.SamplingConfig;
import jgpt.io.SafeDType;
import jgpt.model.GPTConfig;
import jgpt.model.GPTModel;
import jgpt.model.io.GPTCheckpoint;
import jgpt.nn.Parameter;
import jgpt.tensor.Device;
import jgpt.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A GPTModel placed on the GPU: checkpoints load onto it, and KV-cache decoding gives the CPU's tokens. */
class CudaDecodeTest {
    // large enough weights that greedy picks are well separated, small enough to run in a second
    private static final GPTConfig CONFIG = new GPTConfig(211, 96, 64, 4, 3, 0f, true, true);

    @BeforeAll
    static void gpu() {
        DeviceParity.assumeGpu();
        CudaBackend.get().setPrecision(Precision.FP32);
    }

    @Test
    void checkpointLoadsOntoTheGpuWithTheSameValues(@TempDir Path dir) {
        GPTModel cpu = new GPTModel(CONFIG, 7);
        GPTCheckpoint.save(cpu, dir, GPTCheckpoint.Format.JGPT, SafeDType.F32);
        GPTModel gpu = GPTCheckpoint.load(dir, Device.CUDA);
        assertThat(gpu.device()).isEqualTo(Device.CUDA);
        List<Parameter> expected = cpu.parameters(), actual = gpu.parameters();
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).tensor().device()).isEqualTo(Device.CUDA);
            assertThat(actual.get(i).tensor().toFloatArray()).as(actual.get(i).name()).containsExactly(expected.get(i).tensor().toFloatArray());
        }
    }

    @Test
    void greedyKvCacheDecodingGivesTheCpuTokens() {
        int[] prompt = new Random(3).ints(12, 0, CONFIG.vocabSize()).toArray();
        var config = new GenerationConfig(70, SamplingConfig.greedy(), List.of(), false, true);
        int[] onCpu = new Generator(new GPTModel(CONFIG, 11), null).generateIds(prompt, config, id -> true);
        int[] onGpu = new Generator(new GPTModel(CONFIG, 11, Device.CUDA), null).generateIds(prompt, config, id -> true);
        assertThat(onGpu).containsExactly(onCpu);
    }

    @Test
    void cachedLogitsMatchAFullPassOnTheGpu() {
        GPTModel model = new GPTModel(CONFIG, 5, Device.CUDA);
        model.eval();
        int[] ids = new Random(9).ints(20, 0, CONFIG.vocabSize()).toArray();
        float[] full, cached;
        try (var noGrad = Tensor.noGrad()) {
            full = model.lastLogits(Tensor.ofInts(ids, 1, ids.length).to(Device.CUDA)).toFloatArray();
            var cache = model.newCache(1);
            model.lastLogits(Tensor.ofInts(java.util.Arrays.copyOf(ids, 13), 1, 13).to(Device.CUDA), cache);
            float[] last = null;
            for (int i = 13; i < ids.length; i++) last = model.lastLogits(Tensor.ofInts(new int[] {ids[i]}, 1, 1).to(Device.CUDA), cache).toFloatArray();
            cached = last;
        }
        for (int i = 0; i < full.length; i++) assertThat((double) cached[i]).isCloseTo(full[i], org.assertj.core.data.Offset.offset(1e-4));
    }
}
