package jgpt.cli;

import jgpt.eval.AnswerMetrics;
import jgpt.finetune.instruct.ResponseRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;

/** {@code jgpt instruct score}: exact match and token F1 of responses against their references, offline. */
@Command(name = "score", mixinStandardHelpOptions = true, description = "Exact match and token F1 of model responses against the reference answers (no judge needed).")
final class InstructScoreCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--responses", required = true, paramLabel = "FILE",
            description = "What `jgpt instruct generate` wrote (or the book's JSON with model_response).")
    Path responses;

    @Override
    public void run() {
        var summary = AnswerMetrics.summarize(ResponseRecord.read(responses).stream().map(ResponseRecord::toModelResponse).toList());
        spec.commandLine().getOut().println(describe(summary));
    }

    static String describe(AnswerMetrics.Summary summary) {
        return "%d responses: exact match %.1f%%, token F1 %.1f%%".formatted(summary.count(), 100 * summary.exactMatch(), 100 * summary.tokenF1());
    }
}
