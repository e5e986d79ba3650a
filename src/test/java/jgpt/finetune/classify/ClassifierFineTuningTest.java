package jgpt.finetune.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import jgpt.data.labelled.DatasetSplit;
import jgpt.data.labelled.LabelledDataset;
import jgpt.data.labelled.LabelledText;
import jgpt.finetune.classify.ClassifierFineTuning.Balancing;
import jgpt.model.io.GPTCheckpoint;
import jgpt.backend.cuda.CudaBackend;
import jgpt.backend.cuda.CudaInfo;
import jgpt.backend.cuda.Precision;
import jgpt.nn.LoRA;
import jgpt.tensor.Device;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ClassifierFineTuningTest {
    private static final LoRA.Config LORA = new LoRA.Config(4, 8f, Pattern.compile("blocks\\..*"));
    private static final ClassifierTraining FAST = new ClassifierTraining(4, 4, 1e-2f, 0.1f, 5, 2, false, 11);

    @TempDir
    Path tmp;

    private ClassifierFineTuning.Result fineTune(Path base, LabelledDataset data, Trainable trainable, Path out) {
        return fineTune(base, data, trainable, out, Device.CPU);
    }

    private ClassifierFineTuning.Result fineTune(Path base, LabelledDataset data, Trainable trainable, Path out, Device device) {
        return ClassifierFineTuning.run(new ClassifierFineTuning.Request(base, data, out, trainable, FAST, 0, true, Balancing.UNDERSAMPLE,
                LORA, null, device), new ClassifierFineTuning.Reporter() { });
    }

    /** The GPU fine-tunes like the CPU (fp32): the same predictions and losses within float rounding, and a classifier the CPU loads. */
    @ParameterizedTest
    @EnumSource(value = Trainable.class, names = {"LAST_BLOCK", "LORA"})
    void trainsOnTheGpuAsOnTheCpu(Trainable trainable) {
        assumeTrue(CudaInfo.probe().available(), "no usable GPU: " + CudaInfo.probe().reason());
        CudaBackend.get().setPrecision(Precision.FP32);
        Path base = ClassifierFixtures.modelDirectory(tmp.resolve("base"), ClassifierFixtures.TINY, 1, GPTCheckpoint.Format.JGPT);
        LabelledDataset data = ClassifierFixtures.spamAndHam(40, 3);
        var cpu = fineTune(base, data, trainable, tmp.resolve("cpu"), Device.CPU);
        var gpu = fineTune(base, data, trainable, tmp.resolve("gpu"), Device.CUDA);
        assertThat(gpu.test().metrics().accuracy()).isEqualTo(cpu.test().metrics().accuracy());
        assertThat(gpu.train().loss()).isCloseTo(cpu.train().loss(), org.assertj.core.api.Assertions.within(1e-3 * cpu.train().loss()));
        assertThat(gpu.test().loss()).isCloseTo(cpu.test().loss(), org.assertj.core.api.Assertions.within(1e-3 * cpu.test().loss()));
        var fromGpu = TextClassifier.load(tmp.resolve("gpu"), null).classify("win cash now").probabilities();
        var fromCpu = TextClassifier.load(tmp.resolve("cpu"), null).classify("win cash now").probabilities();
        assertThat(fromGpu[0]).isCloseTo(fromCpu[0], org.assertj.core.api.Assertions.within(1e-3));
    }

    @ParameterizedTest
    @EnumSource(Trainable.class)
    void learnsSavesAndReloadsEveryWay(Trainable trainable) throws IOException {
        Path base = ClassifierFixtures.modelDirectory(tmp.resolve("base"), ClassifierFixtures.TINY, 1, GPTCheckpoint.Format.JGPT);
        LabelledDataset data = ClassifierFixtures.spamAndHam(40, 3);
        Path out = tmp.resolve("out");
        var result = fineTune(base, data, trainable, out);

        assertThat(result.plan().labels()).containsExactly("ham", "spam");
        assertThat(result.plan().trainSize() + result.plan().validationSize() + result.plan().testSize()).isEqualTo(80);
        if (trainable == Trainable.HEAD) {
            // a random tiny backbone gives weak features: the head alone fits the training split, slowly, and generalises poorly
            assertThat(result.train().loss()).as("training loss of the head alone").isLessThan(Math.log(2));
        } else {
            assertThat(result.test().metrics().accuracy()).as("test accuracy of %s", trainable).isGreaterThanOrEqualTo(0.9);
        }
        assertThat(out.resolve("classifier.json")).isRegularFile();
        assertThat(out.resolve("head.safetensors")).isRegularFile();
        assertThat(Files.readString(out.resolve("metrics.jsonl"))).contains("\"type\":\"epoch\"", "\"val_accuracy\"");
        assertThat(out.resolve("loss.png")).isRegularFile();
        assertThat(out.resolve("accuracy.png")).isRegularFile();
        assertThat(Files.readString(out.resolve("test-metrics.txt"))).contains("test accuracy", "confusion matrix");
        assertThat(Files.exists(out.resolve("model.safetensors"))).isEqualTo(trainable.changesBackbone());
        assertThat(Files.exists(out.resolve("adapter.safetensors"))).isEqualTo(trainable == Trainable.LORA);

        // the saved classifier answers like the trained one on the test split
        DatasetSplit split = DatasetSplit.of(data, FAST.seed());
        TextClassifier loaded = TextClassifier.load(out, null);
        var predictions = loaded.classify(split.test().examples().stream().map(LabelledText::text).toList());
        long correct = 0;
        for (int i = 0; i < predictions.size(); i++) if (predictions.get(i).label().equals(split.test().examples().get(i).label())) correct++;
        assertThat((double) correct / predictions.size()).isEqualTo(result.test().metrics().accuracy());
        assertThat(predictions.getFirst().probabilities()).hasSize(2);
        assertThat(predictions.getFirst().probabilities()[0] + predictions.getFirst().probabilities()[1]).isCloseTo(1.0,
                org.assertj.core.api.Assertions.within(1e-5));
    }

    @Test
    void aLoraClassifierRefusesAnotherBaseModel() {
        Path base = ClassifierFixtures.modelDirectory(tmp.resolve("base"), ClassifierFixtures.TINY, 1, GPTCheckpoint.Format.JGPT);
        Path other = ClassifierFixtures.modelDirectory(tmp.resolve("other"), ClassifierFixtures.TINY, 2, GPTCheckpoint.Format.JGPT);
        Path out = tmp.resolve("out");
        fineTune(base, ClassifierFixtures.spamAndHam(10, 3), Trainable.LORA, out);
        assertThatThrownBy(() -> TextClassifier.load(out, other))
                .hasMessageStartingWith("The LoRA adapters in " + out.resolve("adapter.safetensors") + " were trained on another base model")
                .hasMessageContaining("than the base model at " + other);
        Path headOnly = tmp.resolve("head-only");
        fineTune(base, ClassifierFixtures.spamAndHam(10, 3), Trainable.HEAD, headOnly);
        assertThatThrownBy(() -> TextClassifier.load(headOnly, other))
                .hasMessage("The model at " + other + " is not the base model this classifier was trained on (its weights differ).");
    }

    @Test
    void aNewRunInTheSameFolderLeavesNothingOfTheOld() throws IOException {
        Path base = ClassifierFixtures.modelDirectory(tmp.resolve("base"), ClassifierFixtures.TINY, 1, GPTCheckpoint.Format.JGPT);
        Path out = tmp.resolve("out");
        fineTune(base, ClassifierFixtures.spamAndHam(10, 3), Trainable.LORA, out);
        fineTune(base, ClassifierFixtures.spamAndHam(10, 3), Trainable.LAST_BLOCK, out);
        assertThat(out.resolve("adapter.safetensors")).doesNotExist();
        assertThat(Files.readAllLines(out.resolve("metrics.jsonl"))).filteredOn(l -> l.contains("\"type\":\"epoch\"")).hasSize(FAST.epochs());
        fineTune(base, ClassifierFixtures.spamAndHam(10, 3), Trainable.HEAD, out);
        assertThat(out.resolve("model.safetensors")).doesNotExist();
        assertThat(TextClassifier.load(out, null).classify("win cash now").label()).isIn("ham", "spam");
    }

    @Test
    void lengthsThatCannotWorkAreOneSentence() {
        Path base = ClassifierFixtures.modelDirectory(tmp.resolve("base"), ClassifierFixtures.TINY, 1, GPTCheckpoint.Format.JGPT);
        LabelledDataset data = ClassifierFixtures.spamAndHam(10, 3);
        var longText = new java.util.ArrayList<>(data.examples());
        longText.add(new LabelledText("word ".repeat(100).strip(), "spam"));
        var withLong = new LabelledDataset(longText, "long.jsonl");
        assertThatThrownBy(() -> ClassifierFineTuning.run(new ClassifierFineTuning.Request(base, withLong, tmp.resolve("o"), Trainable.HEAD, FAST,
                0, false, Balancing.NONE, LORA, null, Device.CPU), new ClassifierFineTuning.Reporter() { }))
                .hasMessage("The longest training text in long.jsonl has 100 tokens, more than the model's context of 32; "
                        + "turn on --truncate or set a --max-length.");
        assertThatThrownBy(() -> ClassifierFineTuning.run(new ClassifierFineTuning.Request(base, data, tmp.resolve("o"), Trainable.HEAD, FAST,
                64, true, Balancing.NONE, LORA, null, Device.CPU), new ClassifierFineTuning.Reporter() { }))
                .hasMessage("--max-length 64 is longer than the model's context of 32 tokens.");
    }
}
