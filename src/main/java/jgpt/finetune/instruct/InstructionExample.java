package jgpt.finetune.instruct;

import java.util.Objects;

/** One record of instruction data, as the book's JSON holds it: input may be empty. */
public record InstructionExample(String instruction, String input, String output) {
    public InstructionExample {
        Objects.requireNonNull(instruction, "instruction");
        input = input == null ? "" : input;
        Objects.requireNonNull(output, "output");
    }
}
