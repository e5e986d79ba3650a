package jgpt.finetune.instruct;

import jgpt.tokenizer.Tokenizers;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptTemplateTest {
    private static final InstructionExample WITH_INPUT = new InstructionExample("Evaluate the following phrase by transforming it into the spelling given.",
            "freind --> friend", "The spelling of the given phrase \"freind\" is incorrect, the correct spelling is \"friend\".");
    private static final InstructionExample NO_INPUT = new InstructionExample("What is an antonym of 'complicated'?", "",
            "An antonym of 'complicated' is 'simple'.");

    @Test
    void alpacaIsTheBooksText() {
        assertThat(PromptTemplate.ALPACA.prompt(WITH_INPUT)).isEqualTo(
                "Below is an instruction that describes a task. Write a response that appropriately completes the request.\n\n"
                        + "### Instruction:\nEvaluate the following phrase by transforming it into the spelling given.\n\n"
                        + "### Input:\nfreind --> friend\n\n### Response:\n");
        assertThat(PromptTemplate.ALPACA.trainingText(NO_INPUT)).isEqualTo(
                "Below is an instruction that describes a task. Write a response that appropriately completes the request.\n\n"
                        + "### Instruction:\nWhat is an antonym of 'complicated'?\n\n### Response:\nAn antonym of 'complicated' is 'simple'.");
    }

    @Test
    void phi3IsTheChatFormat() {
        assertThat(PromptTemplate.PHI3.prompt(WITH_INPUT)).isEqualTo(
                "<|user|>\nEvaluate the following phrase by transforming it into the spelling given.\nfreind --> friend\n<|assistant|>\n");
        assertThat(PromptTemplate.PHI3.trainingText(NO_INPUT)).isEqualTo(
                "<|user|>\nWhat is an antonym of 'complicated'?\n<|assistant|>\nAn antonym of 'complicated' is 'simple'.");
    }

    @Test
    void responseIsWhatFollowsTheMarkerUpToTheEnd() {
        String prompt = PromptTemplate.ALPACA.prompt(NO_INPUT);
        assertThat(PromptTemplate.ALPACA.extractResponse(prompt + " simple \n<|endoftext|>junk")).isEqualTo("simple");
        assertThat(PromptTemplate.ALPACA.extractResponse(prompt + "simple\n\n### Instruction:\nmore")).isEqualTo("simple");
        assertThat(PromptTemplate.PHI3.extractResponse(PromptTemplate.PHI3.prompt(NO_INPUT) + "simple<|user|>")).isEqualTo("simple");
        assertThat(PromptTemplate.ALPACA.extractResponse("no marker at all ")).isEqualTo("no marker at all");
    }

    @Test
    void templatesAreChosenByName() {
        assertThat(PromptTemplate.named("alpaca")).isEqualTo(PromptTemplate.ALPACA);
        assertThat(PromptTemplate.named("Phi-3")).isEqualTo(PromptTemplate.PHI3);
        assertThatThrownBy(() -> PromptTemplate.named("chatml"))
                .hasMessage("There is no prompt template called 'chatml'; the templates are: alpaca, phi3.");
    }

    @Test
    void encodedPromptIsAPrefixOfTheTrainingIds() {
        var tokenizer = Tokenizers.gpt2();
        EncodedExample encoded = EncodedExample.of(NO_INPUT, PromptTemplate.ALPACA, tokenizer);
        int[] prompt = tokenizer.encode(PromptTemplate.ALPACA.prompt(NO_INPUT));
        assertThat(encoded.promptLength()).isEqualTo(prompt.length);
        assertThat(java.util.Arrays.copyOf(encoded.ids(), prompt.length)).containsExactly(prompt);
        assertThat(tokenizer.decode(encoded.ids())).isEqualTo(PromptTemplate.ALPACA.trainingText(NO_INPUT));
    }
}
