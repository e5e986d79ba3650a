package jgpt.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jgpt.finetune.classify.TextClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jgpt classify --model DIR "text"}: a fine-tuned classifier's label and probability for each text. */
@Command(name = "classify", mixinStandardHelpOptions = true, description = {"Label texts with a classifier made by jgpt finetune classify.",
        "Prints one line per text (arguments first, then the lines of --input): label, probability and the text's beginning, tab-separated."})
final class ClassifyCommand implements Runnable {
    private static final int SHOWN_CHARACTERS = 60;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "The classifier directory.")
    Path model;

    @Option(names = "--base", paramLabel = "DIR", description = "The base model, when it is no longer where the classifier was trained.")
    Path base;

    @Option(names = "--input", paramLabel = "FILE", description = "A file of texts, one per line.")
    Path input;

    @Parameters(paramLabel = "TEXT", arity = "0..*", description = "Texts to classify.")
    List<String> texts = new ArrayList<>();

    @Override
    public void run() {
        List<String> all = new ArrayList<>(texts);
        if (input != null) all.addAll(lines(input));
        if (all.isEmpty()) throw new IllegalArgumentException("Give texts to classify, as arguments or with --input FILE.");
        TextClassifier classifier = TextClassifier.load(model, base);
        var predictions = classifier.classify(all);
        PrintWriter out = spec.commandLine().getOut();
        for (int i = 0; i < all.size(); i++) {
            String shown = all.get(i).replaceAll("\\s+", " ").strip();
            if (shown.length() > SHOWN_CHARACTERS) shown = shown.substring(0, SHOWN_CHARACTERS) + "...";
            out.printf("%s\t%.4f\t%s%n", predictions.get(i).label(), predictions.get(i).probability(), shown);
        }
        out.flush();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("The --input file " + file + " does not exist.", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the --input file " + file + ": " + e.getMessage() + ".", e);
        }
    }
}
