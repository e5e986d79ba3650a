package jgpt.finetune.instruct;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How an instruction becomes the text a model reads. ALPACA is the book's format (chapter 7); PHI3 is
 * the chat format of its exercise 7.1. The prompt ends where the response begins, so training text is
 * prompt + output and a generated response is whatever follows the prompt.
 */
public enum PromptTemplate {
    ALPACA("alpaca", "### Response:\n", List.of("\n\n### ")) {
        @Override
        public String prompt(InstructionExample example) {
            String text = "Below is an instruction that describes a task. Write a response that appropriately"
                    + " completes the request.\n\n### Instruction:\n" + example.instruction();
            if (!example.input().isEmpty()) text += "\n\n### Input:\n" + example.input();
            return text + "\n\n" + responseMarker();
        }
    },
    PHI3("phi3", "<|assistant|>\n", List.of("<|user|>", "<|end|>")) {
        @Override
        public String prompt(InstructionExample example) {
            String text = "<|user|>\n" + example.instruction();
            if (!example.input().isEmpty()) text += "\n" + example.input();
            return text + "\n" + responseMarker();
        }
    };

    private final String templateName;
    private final String responseMarker;
    private final List<String> nextTurnMarkers;

    PromptTemplate(String templateName, String responseMarker, List<String> nextTurnMarkers) {
        this.templateName = templateName;
        this.responseMarker = responseMarker;
        this.nextTurnMarkers = nextTurnMarkers;
    }

    /** The text up to and including the response marker. */
    public abstract String prompt(InstructionExample example);

    /** The prompt followed by the expected output: what fine-tuning trains on. */
    public String trainingText(InstructionExample example) {
        return prompt(example) + example.output();
    }

    /** The text after which the response starts. */
    public String responseMarker() {
        return responseMarker;
    }

    /** Text that starts a next turn: a response ends before it (generation can stop on these). */
    public List<String> nextTurnMarkers() {
        return nextTurnMarkers;
    }

    /** The name on the command line (--template). */
    public String templateName() {
        return templateName;
    }

    /**
     * The response in a model's text: what follows the last response marker (or the whole text if there is
     * none), cut at the end-of-text token or a marker of a next turn, with surrounding whitespace removed.
     */
    public String extractResponse(String generated) {
        int marker = generated.lastIndexOf(responseMarker.strip());
        String response = marker < 0 ? generated : generated.substring(marker + responseMarker.strip().length());
        List<String> stops = new ArrayList<>(nextTurnMarkers);
        stops.add("<|endoftext|>");
        for (String stop : stops) {
            int at = response.indexOf(stop);
            if (at >= 0) response = response.substring(0, at);
        }
        return response.strip();
    }

    /** The template with this name (case ignored; "phi-3" is accepted for phi3). */
    public static PromptTemplate named(String name) {
        String wanted = name.toLowerCase(Locale.ROOT).replace("-", "");
        for (PromptTemplate template : values()) {
            if (template.templateName.equals(wanted)) return template;
        }
        throw new IllegalArgumentException("There is no prompt template called '" + name + "'; the templates are: "
                + Arrays.stream(values()).map(PromptTemplate::templateName).collect(Collectors.joining(", ")) + ".");
    }
}
