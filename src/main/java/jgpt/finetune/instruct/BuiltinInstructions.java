package jgpt.finetune.instruct;

import jgpt.data.wordnet.WordNet;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The built-in instruction data set, made from WordNet 3.1 and simple rules: ten tasks (define, synonym,
 * antonym, use in a sentence, kind of thing; arithmetic, unit conversion, plural, past forms, spelling
 * backwards) with the same number of records each. The same WordNet, seed and count always give the
 * same records in the same order.
 */
public final class BuiltinInstructions {
    public static final long DEFAULT_SEED = 7;
    public static final int DEFAULT_PER_TASK = 400;

    private BuiltinInstructions() {
    }

    /** The default data set: 400 records of each of ten tasks. */
    public static List<InstructionExample> build() {
        return build(WordNet.builtin(), DEFAULT_SEED, DEFAULT_PER_TASK);
    }

    public static List<InstructionExample> build(WordNet wordNet, long seed, int perTask) {
        if (perTask < 1) throw new IllegalArgumentException("The number of records per task must be at least 1, got " + perTask + ".");
        Random rng = new Random(seed);
        List<InstructionExample> examples = new ArrayList<>();
        examples.addAll(new WordNetTasks(wordNet).all(rng, perTask));
        examples.addAll(new ExactAnswerTasks(wordNet).all(rng, perTask));
        return examples;
    }
}
