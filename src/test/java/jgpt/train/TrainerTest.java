package jgpt.train;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import jgpt.model.GPTConfig;
import jgpt.model.GPTModel;
import jgpt.model.Initialization;
import jgpt.model.io.GPTCheckpoint;
import jgpt.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TrainerTest {
    static final GPTConfig TINY = new GPTConfig(50257, 16, 16, 2, 2, 0.1f, true, true);
    static final String TEXT = """
            Every effort moves you forward, said the painter, and he laughed at the canvas. The light was low and the
            room was quiet. She asked whether the picture was finished, and he said that no picture is ever finished,
            only abandoned. Then he went back to work, and the afternoon turned slowly into evening while the city
            outside grew loud and then quiet again. In the morning the canvas was still there, and so was he.
            """.repeat(3);

    @TempDir
    Path dir;

    static TrainConfig config(long maxSteps, int gradAccumulation, int batch) {
        return new TrainConfig(batch, gradAccumulation, 8, 0.2, 0, maxSteps, 2e-3f, 2e-4f, 2, true, 0.1f, 0.9f, 0.95f, 1.0f,
                2, 2, 0, 1, "Every effort", 4, 7);
    }

    RunConfig run(TrainConfig train, GPTConfig model) throws IOException {
        Path text = dir.resolve("corpus.txt");
        if (!Files.exists(text)) Files.writeString(text, TEXT);
        return new RunConfig(model, train, "gpt2", List.of(text.toString()), null, Initialization.GPT2);
    }

    private static List<JsonObject> rows(Path runDir, String type) {
        return new MetricsLog(runDir.resolve("metrics.jsonl")).rows().stream().filter(r -> r.get("type").getAsString().equals(type)).toList();
    }

    @Test
    void aResumedRunsLossesEqualAnUninterruptedRunsBitForBit() throws IOException {
        RunConfig config = run(config(7, 2, 2), TINY);
        Trainer.Result straight = TrainingRun.start(config, dir.resolve("straight"), new TrainingListener() { }).run(null);
        assertThat(straight.outcome()).isEqualTo(Trainer.Outcome.FINISHED);

        Trainer[] first = new Trainer[1];
        first[0] = TrainingRun.start(config, dir.resolve("split"), new TrainingListener() {
            @Override
            public void onStep(StepReport report) {
                if (report.step() == 3) first[0].requestStop();
            }
        });
        Trainer.Result stopped = first[0].run(null);
        assertThat(stopped.outcome()).isEqualTo(Trainer.Outcome.STOPPED);
        assertThat(stopped.steps()).as("step 3 is read once step 4 is queued, and the stop lets that step finish").isEqualTo(4);
        Trainer.Result resumed = TrainingRun.resume(dir.resolve("split"), new TrainingListener() { }).run(null);
        assertThat(resumed.steps()).isEqualTo(7);

        for (String type : List.of("step", "eval")) {
            List<JsonObject> a = rows(dir.resolve("straight"), type), b = rows(dir.resolve("split"), type);
            assertThat(b).hasSameSizeAs(a);
            for (int i = 0; i < a.size(); i++) {
                for (String key : List.of("step", "tokens", "loss", "lr", "grad_norm", "train_loss", "val_loss", "sample")) {
                    if (a.get(i).has(key)) assertThat(b.get(i).get(key)).as("%s row %d %s", type, i, key).isEqualTo(a.get(i).get(key));
                }
            }
        }
        Map<String, Tensor> wa = GPTCheckpoint.load(straight.checkpoint()).stateDict(), wb = GPTCheckpoint.load(resumed.checkpoint()).stateDict();
        wa.forEach((name, t) -> assertThat(wb.get(name).toFloatArray()).as(name).isEqualTo(t.toFloatArray()));
        assertThat(resumed.checkpoint().getFileName().toString()).isEqualTo("step-00000007");
        assertThat(Files.list(dir.resolve("split/checkpoints")).count()).isEqualTo(1);
    }

    @Test
    void lossFallsAndTheRunFolderHasItsFiles() throws IOException {
        GPTConfig noDropout = new GPTConfig(50257, 16, 32, 2, 2, 0f, true, true);
        var train = new TrainConfig(4, 1, 4, 0.2, 0, 30, 3e-3f, 3e-3f, 0, false, 0.0f, 0.9f, 0.999f, 0f, 10, 3, 10, 2, "Every effort", 6, 1);
        Trainer.Result result = TrainingRun.start(run(train, noDropout), dir.resolve("run"), new TrainingListener() { }).run(null);
        List<JsonObject> evals = rows(dir.resolve("run"), "eval");
        assertThat(evals).extracting(r -> r.get("step").getAsLong()).containsExactly(1L, 10L, 20L, 30L);
        double first = evals.getFirst().get("train_loss").getAsDouble(), last = evals.getLast().get("train_loss").getAsDouble();
        assertThat(first).isCloseTo(Math.log(50257), within(1.0));
        assertThat(last).isLessThan(first - 3);
        assertThat(evals.getLast().get("val_perplexity").getAsDouble()).isCloseTo(Math.exp(evals.getLast().get("val_loss").getAsDouble()), within(1e-6));
        assertThat(evals.getLast().get("sample").getAsString()).startsWith("Every effort");
        assertThat(result.trainLoss()).isEqualTo(last);
        var png = ImageIO.read(dir.resolve("run/loss.png").toFile());
        assertThat(png.getWidth()).isEqualTo(900);
        assertThat(RunFolder.open(dir.resolve("run")).checkpoints()).extracting(p -> p.getFileName().toString())
                .containsExactly("step-00000020", "step-00000030");
        var config = RunFolder.open(dir.resolve("run")).readConfig();
        assertThat(config.model()).isEqualTo(noDropout);
        assertThat(config.train()).isEqualTo(train);
    }

    @Test
    void accumulatingTwoHalfBatchesMatchesOneFullBatch() throws IOException {
        GPTConfig noDropout = new GPTConfig(50257, 16, 16, 2, 1, 0f, true, true);
        var whole = new TrainConfig(4, 1, 8, 0.2, 0, 1, 1e-2f, 1e-2f, 0, false, 0f, 0.9f, 0.999f, 0f, 1, 1, 0, 1, "", 0, 3);
        var halves = new TrainConfig(2, 2, 8, 0.2, 0, 1, 1e-2f, 1e-2f, 0, false, 0f, 0.9f, 0.999f, 0f, 1, 1, 0, 1, "", 0, 3);
        // the shuffle depends only on the seed, so both runs' first step sees the same 4 windows
        var a = TrainingRun.start(run(whole, noDropout), dir.resolve("whole"), new TrainingListener() { }).run(null);
        var b = TrainingRun.start(run(halves, noDropout), dir.resolve("halves"), new TrainingListener() { }).run(null);
        double lossA = rows(dir.resolve("whole"), "step").getFirst().get("loss").getAsDouble();
        double lossB = rows(dir.resolve("halves"), "step").getFirst().get("loss").getAsDouble();
        assertThat(lossB).isCloseTo(lossA, within(1e-5));
        Map<String, Tensor> wa = GPTCheckpoint.load(a.checkpoint()).stateDict(), wb = GPTCheckpoint.load(b.checkpoint()).stateDict();
        wa.forEach((name, t) -> {
            float[] x = t.toFloatArray(), y = wb.get(name).toFloatArray();
            for (int i = 0; i < x.length; i++) assertThat(y[i]).as(name).isCloseTo(x[i], within(2e-5f));
        });
    }
}
