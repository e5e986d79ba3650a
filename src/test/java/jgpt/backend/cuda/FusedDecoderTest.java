package jgpt.backend.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import jgpt.generate.Decoder;
import jgpt.generate.Sampler;
import jgpt.model.GPTConfig;
import jgpt.model.GPTModel;
import jgpt.tensor.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The fused CUDA-graph decoder against the CPU's tensor path with a KV cache: the logits of every step. */
@ExtendWith(GpuAtFloat32.class)
class FusedDecoderTest {

    static Stream<Arguments> shapes() {
        return Stream.of(
                // float4 and 8-wide bf16 rows, qkv biases, tied head
                Arguments.of(new GPTConfig(211, 96, 64, 4, 3, 0f, true, true)),
                // C = 36: rows of a multiple of 4 but not of 8 (bf16 takes the scalar loop); no qkv bias, own head
                Arguments.of(new GPTConfig(301, 40, 36, 3, 2, 0f, false, false)),
                // C = 30: rows of no multiple of 4 (scalar loops everywhere), head size 10
                Arguments.of(new GPTConfig(97, 33, 30, 3, 2, 0f, true, false)),
                // heads of thousands of rows, which two warps or one warp a row read (on a GPU of about 132
                // multiprocessors; the small matrices above take eight)
                Arguments.of(new GPTConfig(3001, 24, 64, 4, 1, 0f, true, true)),
                Arguments.of(new GPTConfig(5003, 24, 64, 4, 1, 0f, true, true)));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void float32StepsMatchTheCpu(GPTConfig config) {
        compareSteps(config, Precision.FP32, 1e-4);
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void bf16WeightStepsStayCloseToTheCpu(GPTConfig config) {
        compareSteps(config, Precision.BF16, 2e-2);
    }

    // a prompt through the tensor path, then single tokens through the graph until the cache is full; then again
    // from a one-token prompt, which the graph handles from position 0
    private static void compareSteps(GPTConfig config, Precision precision, double tolerance) {
        CudaBackend.get().setPrecision(precision);
        GPTModel cpu = new GPTModel(config, 5), gpu = new GPTModel(config, 5, Device.CUDA);
        cpu.eval();
        gpu.eval();
        Decoder expected = Decoder.of(cpu), actual = Decoder.of(gpu);
        assertThat(actual.getClass().getSimpleName()).isEqualTo("FusedCudaDecoder");
        int[] ids = new Random(config.embDim()).ints(config.contextLength(), 0, config.vocabSize()).toArray();
        int promptLength = 7;
        int[] prompt = Arrays.copyOf(ids, promptLength);
        DeviceParity.assertClose("prompt", actual.feed(prompt), expected.feed(prompt), tolerance);
        for (int i = promptLength; i < ids.length; i++) {
            int[] one = {ids[i]};
            DeviceParity.assertClose("position " + i, actual.feed(one), expected.feed(one), tolerance);
        }
        assertThat(actual.length()).isEqualTo(config.contextLength());
        actual.clear();
        expected.clear();
        for (int i = 0; i < 5; i++) {
            int[] one = {ids[ids.length - 1 - i]};
            DeviceParity.assertClose("after clear, position " + i, actual.feed(one), expected.feed(one), tolerance);
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void theGreedyPickOnTheGpuIsTheHostsArgmaxOfTheSameLogits(GPTConfig config) {
        for (Precision precision : Precision.values()) {
            CudaBackend.get().setPrecision(precision);
            GPTModel model = new GPTModel(config, 7, Device.CUDA);
            model.eval();
            Decoder logits = Decoder.of(model), greedy = Decoder.of(model);
            int[] prompt = {1, 2, 3};
            int expected = Sampler.argmax(logits.feed(prompt)), actual = greedy.feedGreedy(prompt);
            for (int i = 0; i < config.contextLength() - prompt.length; i++) {
                assertThat(actual).as("%s, step %d", precision, i).isEqualTo(expected);
                int[] one = {expected};
                expected = Sampler.argmax(logits.feed(one));
                actual = greedy.feedGreedy(one);
            }
        }
    }

    @Test
    void anIdOutsideTheVocabularyFailsAsOnTheCpu() {
        GPTConfig config = new GPTConfig(50, 16, 32, 4, 1, 0f, true, true);
        Decoder cpu = Decoder.of(new GPTModel(config, 1)), gpu = Decoder.of(new GPTModel(config, 1, Device.CUDA));
        gpu.feed(new int[] {3, 4});
        cpu.feed(new int[] {3, 4});
        String expected = catchThrowable(() -> cpu.feed(new int[] {50})).getMessage();
        assertThatThrownBy(() -> gpu.feed(new int[] {50})).isInstanceOf(IllegalArgumentException.class).hasMessage(expected);
    }
}
