package jgpt.cli;

import jgpt.finetune.instruct.InstructionFineTuning;
import jgpt.finetune.instruct.InstructionTuner;
import jgpt.finetune.instruct.PromptTemplate;
import jgpt.finetune.instruct.TuningConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;

/** {@code jgpt finetune instruct}: instruction fine-tuning as in chapter 7. */
@Command(name = "instruct", mixinStandardHelpOptions = true,
        description = "Fine-tune a model to follow instructions (chapter 7); writes the model, the split, losses and loss.png to --out.")
final class FinetuneInstructCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    TokenizerOption tokenizer;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "The pretrained model: a Hugging Face GPT-2 directory or a jgpt checkpoint.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "Instruction records: the book's JSON list or JSON lines of {instruction, input, output}.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The run folder to write.")
    Path out;

    @Option(names = "--template", defaultValue = "alpaca", paramLabel = "NAME", description = "Prompt template: alpaca or phi3 (default ${DEFAULT-VALUE}).")
    String template;

    @Option(names = "--epochs", defaultValue = "2", paramLabel = "N", description = "Passes over the training split (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "8", paramLabel = "N", description = "Records per step (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "5e-5", paramLabel = "RATE", description = "AdamW learning rate (default ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--weight-decay", defaultValue = "0.1", paramLabel = "W", description = "AdamW weight decay (default ${DEFAULT-VALUE}).")
    float weightDecay;

    @Option(names = "--mask-prompt", description = "Leave the prompt's tokens out of the loss (exercise 7.2).")
    boolean maskPrompt;

    @Option(names = "--max-length", defaultValue = "0", paramLabel = "N",
            description = "Cut batches to N tokens (default: the model's context length).")
    int maxLength;

    @Option(names = "--eval-every", defaultValue = "5", paramLabel = "STEPS", description = "Log losses every STEPS steps (default ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--eval-batches", defaultValue = "5", paramLabel = "N", description = "Batches per loss estimate (default ${DEFAULT-VALUE}).")
    int evalBatches;

    @Option(names = "--seed", defaultValue = "123", paramLabel = "N", description = "Seed of the split and the batch order (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public void run() {
        var tuning = new TuningConfig(epochs, batchSize, learningRate, weightDecay, evalEvery, evalBatches, maskPrompt, maxLength, seed);
        var request = new InstructionFineTuning.Request(model, data, out, PromptTemplate.named(template), tuning, seed, MachineDescription.cpu());
        PrintWriter console = spec.commandLine().getOut();
        var summary = InstructionFineTuning.run(request, tokenizer.tokenizer(), new InstructionTuner.Listener() {
            @Override
            public void onEvaluation(long step, int epoch, long tokensSeen, double trainLoss, double validationLoss) {
                console.printf("epoch %d step %d: train loss %.3f, validation loss %.3f%n", epoch, step, trainLoss, validationLoss);
                console.flush();
            }

            @Override
            public void onEpochEnd(int epoch, String sampleResponse) {
                console.printf("epoch %d sample response: %s%n", epoch, sampleResponse);
                console.flush();
            }
        });
        var r = summary.result();
        console.printf("Fine-tuned on %d records for %d steps in %.1f s: train loss %.3f -> %.3f, validation loss %.3f -> %.3f.%n",
                summary.trainRecords(), r.steps(), r.seconds(), r.initialTrainLoss(), r.trainLoss(), r.initialValidationLoss(), r.validationLoss());
        console.printf("Wrote the model, the split (test.json), metrics.jsonl and loss.png to %s.%n", out);
    }
}
