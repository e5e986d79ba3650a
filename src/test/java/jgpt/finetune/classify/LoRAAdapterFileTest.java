package jgpt.finetune.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Pattern;
import jgpt.io.SafeDType;
import jgpt.io.SafeTensorsWriter;
import jgpt.model.GPTModel;
import jgpt.nn.LoRA;
import jgpt.nn.LowRankAdapter;
import jgpt.tensor.InPlace;
import jgpt.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoRAAdapterFileTest {
    @TempDir
    Path dir;

    private static final Tensor IDS = Tensor.ofInts(new int[] {4, 8, 15, 16, 23, 42 % 40}, 1, 6);

    private static GPTModel adapted(long baseSeed) {
        GPTModel model = new GPTModel(SequenceClassifierTest.CONFIG, baseSeed);
        model.eval();
        LoRA.apply(model, new LoRA.Config(3, 8f, Pattern.compile("blocks\\..*")), 5);
        Random rng = new Random(6);
        for (LowRankAdapter a : LoRA.adapters(model).values()) InPlace.assign(a.b(), Tensor.uniform(rng, -0.1f, 0.1f, a.b().shape()));
        return model;
    }

    @Test
    void savedAdaptersLoadOntoTheSameBaseAndGiveTheSameOutputs() {
        GPTModel trained = adapted(1);
        String fingerprint = ModelFingerprint.of(trained);
        assertThat(fingerprint).isEqualTo(ModelFingerprint.of(new GPTModel(SequenceClassifierTest.CONFIG, 1)));
        Path file = dir.resolve("adapter.safetensors");
        LoRAAdapterFile.save(trained, fingerprint, file);

        GPTModel base = new GPTModel(SequenceClassifierTest.CONFIG, 1);
        base.eval();
        LoRAAdapterFile.load(file, base, "the test base");
        assertThat(LoRA.adapters(base).keySet()).isEqualTo(LoRA.adapters(trained).keySet());
        assertThat(base.forward(IDS).toFloatArray()).isEqualTo(trained.forward(IDS).toFloatArray());
    }

    @Test
    void adaptersForAnotherBaseAreRefusedInOneSentence() {
        GPTModel trained = adapted(1);
        Path file = dir.resolve("adapter.safetensors");
        LoRAAdapterFile.save(trained, ModelFingerprint.of(trained), file);
        GPTModel other = new GPTModel(SequenceClassifierTest.CONFIG, 2);
        assertThatThrownBy(() -> LoRAAdapterFile.load(file, other, "the model at /models/other"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The LoRA adapters in " + file + " were trained on another base model (fingerprint ")
                .hasMessageEndingWith(") than the model at /models/other (fingerprint " + ModelFingerprint.of(other).substring(0, 12) + ").");
        assertThat(LoRA.adapters(other)).isEmpty();
    }

    @Test
    void aFileThatIsNotAnAdapterFileIsOneSentence() {
        Path file = dir.resolve("weights.safetensors");
        new SafeTensorsWriter().add("w", SafeDType.F32, new int[] {1}, new float[] {1}).write(file);
        assertThatThrownBy(() -> LoRAAdapterFile.load(file, new GPTModel(SequenceClassifierTest.CONFIG, 1), "base"))
                .hasMessage(file + " is not a jgpt LoRA adapter file (its metadata lacks format jgpt-lora).");
    }
}
