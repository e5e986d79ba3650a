package jgpt.cli;

import jgpt.eval.AnswerMetrics;
import jgpt.finetune.instruct.InstructionExample;
import jgpt.finetune.instruct.InstructionFiles;
import jgpt.finetune.instruct.InstructionSplit;
import jgpt.finetune.instruct.PromptTemplate;
import jgpt.finetune.instruct.Responder;
import jgpt.finetune.instruct.ResponseRecord;
import jgpt.model.io.GPTCheckpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** {@code jgpt instruct generate}: a model's responses to instruction records, written as JSON. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Answer instruction records with a model (greedy) and write prompt, reference and response of each to JSON.")
final class InstructGenerateCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    TokenizerOption tokenizer;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A Hugging Face GPT-2 directory or a jgpt checkpoint.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Instruction records, e.g. the test.json that finetune instruct wrote.")
    Path data;

    @Option(names = "--split", defaultValue = "all", paramLabel = "PART",
            description = "all (default), or train, validation or test of the 85/10/5 split made with --seed.")
    String split;

    @Option(names = "--seed", defaultValue = "123", paramLabel = "N", description = "Seed of the split (default ${DEFAULT-VALUE}, as finetune instruct).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the responses (JSON, or JSON lines for .jsonl).")
    Path out;

    @Option(names = "--template", defaultValue = "alpaca", paramLabel = "NAME", description = "Prompt template: alpaca or phi3 (default ${DEFAULT-VALUE}).")
    String template;

    @Option(names = "--max-new-tokens", defaultValue = "64", paramLabel = "N", description = "Longest response (default ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "Answer only the first N records (default: all).")
    int limit;

    @Override
    public void run() {
        PromptTemplate chosen = PromptTemplate.named(template);
        List<InstructionExample> records = InstructionFiles.read(data);
        if (!split.equals("all")) records = InstructionSplit.of(records, seed).part(split);
        if (limit > 0 && limit < records.size()) records = records.subList(0, limit);
        var responder = new Responder(GPTCheckpoint.load(model), tokenizer.tokenizer(), chosen, maxNewTokens);
        PrintWriter console = spec.commandLine().getOut();
        int total = records.size();
        int[] done = {0};
        List<ResponseRecord> responses = responder.respondAll(records, r -> {
            if (++done[0] % 25 == 0 || done[0] == total) {
                console.printf("%d/%d answered%n", done[0], total);
                console.flush();
            }
        });
        InstructionFiles.write(out, responses);
        console.println(InstructScoreCommand.describe(AnswerMetrics.summarize(responses.stream().map(ResponseRecord::toModelResponse).toList())));
        console.printf("Wrote %d responses to %s.%n", responses.size(), out);
    }
}
