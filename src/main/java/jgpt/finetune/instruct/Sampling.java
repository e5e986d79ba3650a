package jgpt.finetune.instruct;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Draws a fixed number of (subject, answer) pairs from a candidate pool, the same ones for the same seed. */
final class Sampling {
    private Sampling() {
    }

    /** count pairs drawn without replacement from pairs (in its iteration order), each asked with a random phrasing. */
    static List<InstructionExample> ask(Random rng, Map<String, String> pairs, int count, Phrasings phrasings) {
        List<String> subjects = new ArrayList<>(pairs.keySet());
        Collections.shuffle(subjects, rng);
        List<InstructionExample> examples = new ArrayList<>();
        for (String subject : subjects.subList(0, Math.min(count, subjects.size()))) {
            examples.add(phrasings.ask(rng, subject, pairs.get(subject)));
        }
        return examples;
    }
}
