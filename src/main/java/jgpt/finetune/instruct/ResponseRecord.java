package jgpt.finetune.instruct;

import jgpt.eval.ModelResponse;
import jgpt.io.JsonRecord;
import jgpt.io.JsonRecords;

import java.nio.file.Path;
import java.util.List;

/**
 * One line of what {@code jgpt instruct generate} writes: the test record, the prompt the model saw, the
 * reference output and the model's response. Reading also accepts the book's layout (the instruction
 * data's fields plus "model_response"), whose prompt is then rebuilt with the Alpaca template.
 */
public record ResponseRecord(String instruction, String input, String prompt, String reference, String response) {

    public ModelResponse toModelResponse() {
        return new ModelResponse(prompt, reference, response);
    }

    public static List<ResponseRecord> read(Path file) {
        String needs = "a response (\"response\" or \"model_response\") and a reference (\"reference\" or \"output\")";
        return JsonRecords.read(file, "{prompt, reference, response} records").stream().map(r -> {
            String instruction = r.optionalString("instruction"), input = r.optionalString("input");
            String reference = r.requiredString(r.has("reference") ? "reference" : "output", needs);
            String response = r.requiredString(r.has("response") ? "response" : "model_response", needs);
            String prompt = r.has("prompt") ? r.optionalString("prompt")
                    : PromptTemplate.ALPACA.prompt(new InstructionExample(requireInstruction(r), input, reference));
            return new ResponseRecord(instruction, input, prompt, reference, response);
        }).toList();
    }

    private static String requireInstruction(JsonRecord r) {
        return r.requiredString("instruction", "a \"prompt\" or an \"instruction\"");
    }
}
