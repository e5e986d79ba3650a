package jgpt.finetune.instruct;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The book's split of instruction data: 85% training, 10% test, the rest (5%) validation, taken in that
 * order from the records after a seeded shuffle, so one seed always gives the same three parts.
 */
public record InstructionSplit(List<InstructionExample> train, List<InstructionExample> validation,
                               List<InstructionExample> test) {
    public static final double TRAIN_FRACTION = 0.85;
    public static final double TEST_FRACTION = 0.10;

    public InstructionSplit {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
    }

    public static InstructionSplit of(List<InstructionExample> examples, long seed) {
        List<InstructionExample> shuffled = new ArrayList<>(examples);
        Collections.shuffle(shuffled, new Random(seed));
        int trainCount = (int) (shuffled.size() * TRAIN_FRACTION);
        int testCount = (int) (shuffled.size() * TEST_FRACTION);
        return new InstructionSplit(shuffled.subList(0, trainCount),
                shuffled.subList(trainCount + testCount, shuffled.size()),
                shuffled.subList(trainCount, trainCount + testCount));
    }

    /** The part with this name: train, validation or test. */
    public List<InstructionExample> part(String name) {
        return switch (name) {
            case "train" -> train;
            case "validation" -> validation;
            case "test" -> test;
            default -> throw new IllegalArgumentException("There is no split called '" + name + "'; the splits are: train, validation, test.");
        };
    }
}
