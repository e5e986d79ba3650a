package jgpt.finetune.instruct;

import jgpt.tokenizer.Tokenizer;

import java.util.Arrays;

/** An instruction example as token ids (prompt then response); the first promptLength ids are the prompt. */
public record EncodedExample(int[] ids, int promptLength) {
    public EncodedExample {
        if (ids.length == 0) throw new IllegalArgumentException("an encoded example needs at least one token");
        if (promptLength < 0 || promptLength > ids.length) {
            throw new IllegalArgumentException("prompt length " + promptLength + " is outside 0.." + ids.length);
        }
    }

    /**
     * The example's training text as ids: the prompt and the output are encoded separately and joined, so
     * the prompt's ids are exactly those a model sees when it is asked to generate the response.
     */
    public static EncodedExample of(InstructionExample example, PromptTemplate template, Tokenizer tokenizer) {
        int[] prompt = tokenizer.encodeOrdinary(template.prompt(example));
        int[] output = tokenizer.encodeOrdinary(example.output());
        int[] ids = Arrays.copyOf(prompt, prompt.length + output.length);
        System.arraycopy(output, 0, ids, prompt.length, output.length);
        return new EncodedExample(ids, prompt.length);
    }

    public int length() {
        return ids.length;
    }
}
