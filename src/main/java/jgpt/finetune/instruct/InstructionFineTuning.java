package jgpt.finetune.instruct;

import com.google.gson.GsonBuilder;
import jgpt.io.AtomicFiles;
import jgpt.io.SafeDType;
import jgpt.model.GPTModel;
import jgpt.model.io.GPTCheckpoint;
import jgpt.tokenizer.Tokenizer;
import jgpt.train.LossPlot;
import jgpt.train.Plots;
import jgpt.train.MetricsLog;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code jgpt finetune instruct} as one call: reads the data, splits it (85/10/5, seeded), fine-tunes the
 * model and writes the run folder:
 * <pre>
 * config.json, model.safetensors       the fine-tuned model (a jgpt checkpoint, loadable with --model)
 * train.json, validation.json, test.json  the split, so generation and evaluation use the same test set
 * metrics.jsonl, loss.png              losses per step and per evaluation, and their plot
 * finetune.json                        the settings, losses before and after, steps, time and device
 * </pre>
 */
public final class InstructionFineTuning {
    public static final String SUMMARY_FILE = "finetune.json";

    /** What to fine-tune on what; device describes the machine for the summary. */
    public record Request(Path model, Path data, Path out, PromptTemplate template, TuningConfig tuning, long splitSeed, String device) {
    }

    /** The summary written to finetune.json. */
    public record Summary(String model, String data, String template, TuningConfig tuning, int trainRecords, int validationRecords,
                          int testRecords, InstructionTuner.Result result, String device) {
    }

    private InstructionFineTuning() {
    }

    public static Summary run(Request request, Tokenizer tokenizer, InstructionTuner.Listener listener) {
        if (Files.exists(request.out().resolve(SUMMARY_FILE)) || Files.exists(request.out().resolve(GPTCheckpoint.WEIGHTS_FILE))) {
            throw new IllegalArgumentException(request.out() + " already holds a model; choose another --out.");
        }
        InstructionSplit split = InstructionSplit.of(InstructionFiles.read(request.data()), request.splitSeed());
        GPTModel model = GPTCheckpoint.load(request.model());
        Path out = request.out();
        InstructionFiles.write(out.resolve("train.json"), split.train());
        InstructionFiles.write(out.resolve("validation.json"), split.validation());
        InstructionFiles.write(out.resolve("test.json"), split.test());
        Path metricsFile = out.resolve("metrics.jsonl");
        var result = new InstructionTuner(model, tokenizer, request.template(), request.tuning()).train(split, metricsFile, listener);
        Plots.drawIfPossible(() -> LossPlot.write(new MetricsLog(metricsFile).rows(), out.resolve("loss.png")));
        GPTCheckpoint.save(model, out, GPTCheckpoint.Format.JGPT, SafeDType.F32);
        var summary = new Summary(request.model().toString(), request.data().toString(), request.template().templateName(), request.tuning(),
                split.train().size(), split.validation().size(), split.test().size(), result, request.device());
        String json = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().disableHtmlEscaping().create().toJson(summary);
        AtomicFiles.write(out.resolve(SUMMARY_FILE), stream -> stream.write((json + "\n").getBytes(StandardCharsets.UTF_8)));
        return summary;
    }
}
