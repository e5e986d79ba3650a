package jgpt.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import jgpt.data.labelled.LabelledFiles;
import jgpt.data.labelled.LabelledFormat;
import jgpt.finetune.classify.ClassifierFineTuning;
import jgpt.finetune.classify.ClassifierFineTuning.Balancing;
import jgpt.finetune.classify.ClassifierTraining;
import jgpt.finetune.classify.Trainable;
import jgpt.nn.LoRA;
import jgpt.tensor.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jgpt finetune classify --model DIR --data FILE --out DIR}: the book's chapter 6 (and appendix E with --trainable lora). */
@Command(name = "classify", mixinStandardHelpOptions = true, sortOptions = false, description = {
        "Fine-tune a GPT model (a jgpt checkpoint or a Hugging Face GPT-2 directory) to classify text: a new head reads the last real token.",
        "Balances the classes, splits 70/10/20 with the seed, trains, and reports test accuracy, precision, recall, F1 and the confusion matrix."})
final class FinetuneClassifyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "The base model directory.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "Labelled text: .csv, .tsv, .jsonl (text and label columns), the SMS Spam Collection file (label<TAB>text), "
                    + "or the SpamAssassin corpus (npm tarball or folder).")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the classifier, metrics and plots.")
    Path out;

    @Option(names = "--format", paramLabel = "F", description = "csv, tsv, jsonl or sms; default: from the file name.")
    LabelledFormat format;

    @Option(names = "--text-column", defaultValue = "text", paramLabel = "NAME", description = "Column or field holding the text (default: ${DEFAULT-VALUE}).")
    String textColumn;

    @Option(names = "--label-column", defaultValue = "label", paramLabel = "NAME", description = "Column or field holding the label (default: ${DEFAULT-VALUE}).")
    String labelColumn;

    @Option(names = "--trainable", defaultValue = "last-block", paramLabel = "WHAT",
            description = "head, last-block (the book: last block, final LayerNorm, head), all, or lora (default: ${DEFAULT-VALUE}).")
    String trainable;

    @Option(names = "--epochs", defaultValue = "5", description = "Passes over the training split (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "8", description = "Examples per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "5e-5", description = "AdamW learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--weight-decay", defaultValue = "0.1", description = "AdamW weight decay (default: ${DEFAULT-VALUE}).")
    float weightDecay;

    @Option(names = "--max-length", defaultValue = "0", paramLabel = "N",
            description = "Tokens per text; 0: the longest training text, at most the context (default: ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--truncate", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Cut texts longer than the maximum length (default); with --no-truncate they are an error.")
    boolean truncate;

    @Option(names = "--balance", defaultValue = "undersample", paramLabel = "HOW",
            description = "undersample (the book), weights (weight the loss by class) or none (default: ${DEFAULT-VALUE}).")
    Balancing balancing;

    @Option(names = "--lora-rank", defaultValue = "16", description = "LoRA rank (default: ${DEFAULT-VALUE}).")
    int loraRank;

    @Option(names = "--lora-alpha", defaultValue = "16", description = "LoRA alpha, scaling the update as in the book (default: ${DEFAULT-VALUE}).")
    float loraAlpha;

    @Option(names = "--lora-targets", defaultValue = "blocks\\..*", paramLabel = "REGEX",
            description = "Linear layers that get adapters, by dotted name (default: ${DEFAULT-VALUE}, every Linear of every block).")
    String loraTargets;

    @Option(names = "--eval-every", defaultValue = "50", paramLabel = "STEPS", description = "Steps between loss evaluations (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--eval-batches", defaultValue = "5", paramLabel = "N", description = "Batches per split in those evaluations (default: ${DEFAULT-VALUE}).")
    int evalBatches;

    @Option(names = "--dropout", description = "Train with the model's dropout rate (the book fine-tunes without dropout).")
    boolean dropout;

    @Option(names = "--seed", defaultValue = "123", description = "Seed of the split, head, adapters and batch order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--tokenizer", paramLabel = "DIR", description = "Tokenizer directory; default: the model directory's, else GPT-2's.")
    Path tokenizer;

    @Mixin
    DeviceOptions devices;

    @Override
    public void run() {
        PrintWriter printer = spec.commandLine().getOut();
        Device device = devices.select();
        var request = new ClassifierFineTuning.Request(model,
                LabelledFiles.readFileOrCorpus(data, format, new LabelledFiles.Columns(textColumn, labelColumn)), out, Trainable.fromName(trainable),
                new ClassifierTraining(epochs, batchSize, learningRate, weightDecay, evalEvery, evalBatches, dropout, seed),
                maxLength, truncate, balancing, new LoRA.Config(loraRank, loraAlpha, targets()), tokenizer, device);
        var result = ClassifierFineTuning.run(request, new FinetuneProgress(printer));
        printer.printf("%n%s%nfine-tuned in %.1f s; classifier, metrics.jsonl, loss.png and accuracy.png written to %s%n",
                ClassifierFineTuning.report(result), result.seconds(), out);
        printer.flush();
    }

    private Pattern targets() {
        try {
            return Pattern.compile(loraTargets);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("--lora-targets '" + loraTargets + "' is not a regular expression: " + e.getDescription() + ".");
        }
    }
}
