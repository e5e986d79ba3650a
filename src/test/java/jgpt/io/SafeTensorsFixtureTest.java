package jgpt.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Reads safetensors files written by Hugging Face transformers (save_pretrained) and by the
 * safetensors library; the expected values were read from the files with numpy.
 */
class SafeTensorsFixtureTest {
    /** The project's shared fixtures live beside the checkout, in ../shared. */
    static final Path SHARED_TINY_GPT2_A = Path.of("../shared/fixtures/tiny-gpt2-a/model.safetensors")
            .toAbsolutePath().normalize();

    static Path resource(String name) {
        try {
            return Path.of(SafeTensorsFixtureTest.class.getResource("/fixtures/tiny-gpt2-b/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double sum(float[] values) {
        double s = 0;
        for (float v : values) {
            s += v;
        }
        return s;
    }

    @Test
    void readsTinyGpt2A() {
        assumeTrue(Files.isRegularFile(SHARED_TINY_GPT2_A),
                "the shared fixture " + SHARED_TINY_GPT2_A + " is absent (it lives beside the checkout, in ../shared)");
        try (var file = SafeTensorsFile.open(SHARED_TINY_GPT2_A)) {
            assertThat(file.names()).hasSize(28).doesNotContain("lm_head.weight");
            assertThat(file.metadata()).containsEntry("format", "pt");
            assertThat(file.info("transformer.wte.weight").shape()).containsExactly(50257, 48);
            assertThat(file.info("transformer.h.0.attn.c_attn.weight").shape()).containsExactly(48, 144);
            assertThat(file.info("transformer.h.1.mlp.c_proj.weight").shape()).containsExactly(192, 48);
            assertThat(file.info("transformer.wpe.weight").dtype()).isEqualTo(SafeDType.F32);

            float[] wte = file.readFloats("transformer.wte.weight");
            assertThat(wte[0]).isEqualTo(0.109589726f);
            assertThat(wte[wte.length - 1]).isEqualTo(-0.0716609f);
            assertThat(sum(wte)).isCloseTo(-79.64996123261659, within(1e-9));
            float[] cAttn = file.readFloats("transformer.h.0.attn.c_attn.weight");
            assertThat(cAttn[0]).isEqualTo(-0.365668f);
            assertThat(cAttn[144 + 2]).isEqualTo(0.048898876f);
            assertThat(file.readFloats("transformer.h.0.attn.c_attn.bias")[143]).isEqualTo(0.14236237f);
            assertThat(file.readFloats("transformer.ln_f.weight")[0]).isEqualTo(1.0578082f);
        }
    }

    @Test
    void readsTinyGpt2B() {
        try (var file = SafeTensorsFile.open(resource("model.safetensors"))) {
            assertThat(file.names()).hasSize(16);
            assertThat(file.info("transformer.wte.weight").shape()).containsExactly(1000, 36);
            assertThat(file.info("transformer.wpe.weight").shape()).containsExactly(32, 36);
            assertThat(file.info("transformer.h.0.attn.c_attn.weight").shape()).containsExactly(36, 108);
            float[] wte = file.readFloats("transformer.wte.weight");
            assertThat(wte[0]).isEqualTo(0.14880781f);
            assertThat(wte[35999]).isEqualTo(-0.07119183f);
            assertThat(sum(wte)).isCloseTo(-21.79263570262401, within(1e-9));
            float[] cAttn = file.readFloats("transformer.h.0.attn.c_attn.weight");
            assertThat(cAttn[108 + 2]).isEqualTo(-0.15206647f);
            assertThat(cAttn[cAttn.length - 1]).isEqualTo(-0.1138927f);
        }
    }

    /** Gradients and trained weights were written by safetensors.torch.save_file, under the same names. */
    @Test
    void gradientsAndTrainedWeightsMatchTheModelsLayout() {
        try (var model = SafeTensorsFile.open(resource("model.safetensors"));
                var grads = SafeTensorsFile.open(resource("grads.safetensors"));
                var trained = SafeTensorsFile.open(resource("trained.safetensors"))) {
            assertThat(grads.names()).containsExactlyInAnyOrderElementsOf(model.names());
            assertThat(trained.names()).containsExactlyInAnyOrderElementsOf(model.names());
            for (String name : model.names()) {
                assertThat(grads.info(name).shape()).as(name).containsExactly(model.info(name).shape());
                assertThat(Arrays.equals(trained.readFloats(name), model.readFloats(name))).as(name).isFalse();
            }
            assertThat(grads.readFloats("transformer.wte.weight")[0]).isEqualTo(0.0030058483f);
            assertThat(grads.readFloats("transformer.ln_f.weight")[0]).isEqualTo(0.040031146f);
        }
    }
}
