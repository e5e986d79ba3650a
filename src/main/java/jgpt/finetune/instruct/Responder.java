package jgpt.finetune.instruct;

import jgpt.generate.GenerationConfig;
import jgpt.generate.Generator;
import jgpt.model.GPTModel;
import jgpt.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An instruction model answering records: the prompt in its template, greedy decoding until the end-of-text
 * token (or maxNewTokens), and the response taken from after the response marker, as the book's chapter 7
 * extracts it.
 */
public final class Responder {
    private final Generator generator;
    private final PromptTemplate template;
    private final int maxNewTokens;

    public Responder(GPTModel model, Tokenizer tokenizer, PromptTemplate template, int maxNewTokens) {
        this.generator = new Generator(model, tokenizer);
        this.template = template;
        this.maxNewTokens = maxNewTokens;
    }

    public ResponseRecord respond(InstructionExample example) {
        String prompt = template.prompt(example);
        var result = generator.generate(prompt, GenerationConfig.greedy(maxNewTokens), text -> { });
        String response = template.extractResponse(prompt + result.text());
        return new ResponseRecord(example.instruction(), example.input(), prompt, example.output(), response);
    }

    /** Answers every record in order; onEach hears about each answer as it is made. */
    public List<ResponseRecord> respondAll(List<InstructionExample> examples, Consumer<ResponseRecord> onEach) {
        List<ResponseRecord> records = new ArrayList<>(examples.size());
        for (InstructionExample example : examples) {
            ResponseRecord record = respond(example);
            records.add(record);
            onEach.accept(record);
        }
        return records;
    }
}
