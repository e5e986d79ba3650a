package jgpt.finetune.instruct;

import jgpt.eval.AnswerMetrics;
import jgpt.model.GPTConfig;
import jgpt.model.GPTModel;
import jgpt.tokenizer.Tokenizers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InstructionTunerTest {
    static final List<InstructionExample> RECORDS = List.of(
            new InstructionExample("Spell cat backwards.", "", "tac"),
            new InstructionExample("What is the plural of goose?", "", "geese"),
            new InstructionExample("What is 2 + 3?", "", "5"),
            new InstructionExample("Give an antonym for able.", "", "unable"),
            new InstructionExample("What is the past tense of retell?", "", "retold"),
            new InstructionExample("Spell the following word backwards.", "dog", "god"),
            new InstructionExample("Convert 2 kilometers to meters.", "", "2000 meters"),
            new InstructionExample("What is the plural of mouse?", "", "mice"));

    static GPTModel tinyModel() {
        return new GPTModel(new GPTConfig(50257, 64, 64, 2, 1, 0f, false, true), 1);
    }

    private static double exactMatch(GPTModel model, List<InstructionExample> records) {
        var responder = new Responder(model, Tokenizers.gpt2(), PromptTemplate.ALPACA, 8);
        return AnswerMetrics.summarize(responder.respondAll(records, r -> { }).stream().map(ResponseRecord::toModelResponse).toList()).exactMatch();
    }

    @Test
    void fineTuningTeachesATinyModelItsAnswers(@TempDir Path dir) throws Exception {
        GPTModel model = tinyModel();
        double before = exactMatch(model, RECORDS);
        var config = new TuningConfig(40, 4, 1e-2f, 0.1f, 10, 2, false, 0, 3);
        var split = new InstructionSplit(RECORDS, RECORDS.subList(0, 2), List.of());
        List<String> samples = new ArrayList<>();
        Path metrics = dir.resolve("metrics.jsonl");
        var result = new InstructionTuner(model, Tokenizers.gpt2(), PromptTemplate.ALPACA, config).train(split, metrics, new InstructionTuner.Listener() {
            @Override
            public void onEvaluation(long step, int epoch, long tokensSeen, double trainLoss, double validationLoss) {
            }

            @Override
            public void onEpochEnd(int epoch, String sampleResponse) {
                samples.add(sampleResponse);
            }
        });
        assertThat(result.steps()).isEqualTo(80);
        assertThat(result.trainLoss()).isLessThan(result.initialTrainLoss() / 4);
        assertThat(samples).hasSize(40).last().isEqualTo("tac");
        assertThat(before).isZero();
        assertThat(exactMatch(model, RECORDS)).isGreaterThanOrEqualTo(0.5);
        List<String> lines = Files.readAllLines(metrics);
        assertThat(lines).hasSize(1 + 80 + 8);
        assertThat(lines.getFirst()).startsWith("{\"type\":\"eval\",\"step\":0,");
    }

    @Test
    void tooFewRecordsForOneBatchIsOneSentence() {
        var config = new TuningConfig(1, 16, 1e-3f, 0.1f, 5, 5, false, 0, 3);
        var split = new InstructionSplit(RECORDS, List.of(), List.of());
        var tuner = new InstructionTuner(tinyModel(), Tokenizers.gpt2(), PromptTemplate.ALPACA, config);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tuner.train(split, Path.of("unused"), null))
                .hasMessage("The training split has 8 records, fewer than --batch-size 16; use a smaller batch or more data.");
    }
}
