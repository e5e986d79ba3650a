package jgpt.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import jgpt.data.BuiltinCorpus;
import jgpt.tokenizer.TextFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jgpt data builtin NAME --out FILE}: writes a corpus that ships in the jar (train's builtin:NAME) as a text file. */
@Command(name = "builtin", mixinStandardHelpOptions = true,
        description = "Write a built-in corpus (wordnet: WordNet 3.1's glosses, as train --data builtin:wordnet reads them) to a text file.")
final class DataBuiltinCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The corpus: wordnet.")
    String name;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The text file to write.")
    Path out;

    @Override
    public void run() {
        String text = BuiltinCorpus.text(name);
        TextFiles.writeAtomically(out, text);
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf("wrote the built-in corpus %s (%,d characters) to %s%n", name, text.length(), out);
        printer.flush();
    }
}
