package jgpt.finetune.instruct;

import jgpt.data.wordnet.PartOfSpeech;
import jgpt.data.wordnet.Synset;
import jgpt.data.wordnet.WordNet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Tasks with one short, exact answer, which even a small model can learn to get right: arithmetic, unit
 * conversion, irregular plurals (WordNet's noun.exc), irregular past tenses (verb.exc) and spelling a word
 * backwards.
 */
final class ExactAnswerTasks {
    /** from unit, to unit, how many of the second make one of the first. */
    private record Conversion(String from, String to, int factor) {
    }

    private static final List<Conversion> CONVERSIONS = List.of(
            new Conversion("kilometers", "meters", 1000), new Conversion("meters", "centimeters", 100),
            new Conversion("centimeters", "millimeters", 10), new Conversion("kilograms", "grams", 1000),
            new Conversion("liters", "milliliters", 1000), new Conversion("hours", "minutes", 60),
            new Conversion("minutes", "seconds", 60), new Conversion("days", "hours", 24),
            new Conversion("weeks", "days", 7), new Conversion("years", "months", 12),
            new Conversion("feet", "inches", 12), new Conversion("yards", "feet", 3),
            new Conversion("gallons", "quarts", 4), new Conversion("pounds", "ounces", 16));

    private final WordNet wordNet;

    ExactAnswerTasks(WordNet wordNet) {
        this.wordNet = wordNet;
    }

    Map<String, String> plurals() {
        Map<String, String> pairs = new LinkedHashMap<>();
        wordNet.inflections(PartOfSpeech.NOUN).forEach((base, forms) -> {
            if (WordNetTasks.plainWord(base) && forms.stream().allMatch(WordNetTasks::plainWord)) {
                pairs.put(base, String.join(" or ", forms));
            }
        });
        return pairs;
    }

    /**
     * Irregular past tenses of verbs whose past tense and past participle are one word ("retell": "retold"),
     * so the answer is unambiguous; -ing and third-person -s forms in the list are not past forms.
     */
    Map<String, String> pastTenses() {
        Map<String, String> pairs = new LinkedHashMap<>();
        wordNet.inflections(PartOfSpeech.VERB).forEach((base, forms) -> {
            if (!WordNetTasks.plainWord(base)) return;
            List<String> past = forms.stream().filter(f -> !f.equals(base) && !f.endsWith("ing")
                    && (f.endsWith("ed") || !f.endsWith("s"))).distinct().toList();
            if (past.size() == 1 && WordNetTasks.plainWord(past.getFirst())) pairs.put(base, past.getFirst());
        });
        return pairs;
    }

    Map<String, String> backwards() {
        TreeSet<String> words = new TreeSet<>();
        for (Synset synset : wordNet.synsets(PartOfSpeech.NOUN)) {
            for (String word : synset.words()) {
                if (WordNetTasks.plainWord(word) && word.length() <= 9) words.add(word);
            }
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String word : words) pairs.put(word, new StringBuilder(word).reverse().toString());
        return pairs;
    }

    /** Sums, differences (never negative) and products of small numbers, keyed by the expression. */
    static Map<String, String> arithmetic() {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (int a = 0; a < 100; a++) {
            for (int b = 0; b < 100; b++) {
                pairs.put(a + " + " + b, Integer.toString(a + b));
                if (a >= b) pairs.put(a + " - " + b, Integer.toString(a - b));
                if (a >= 2 && a <= 12 && b >= 2 && b <= 12) pairs.put(a + " * " + b, Integer.toString(a * b));
            }
        }
        return pairs;
    }

    /** "7 kilometers to meters" -> "7000 meters", and the way back with whole results. */
    static Map<String, String> unitConversions() {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (Conversion c : CONVERSIONS) {
            for (int n = 2; n <= 20; n++) {
                pairs.put(n + " " + c.from() + " to " + c.to(), n * c.factor() + " " + c.to());
                pairs.put(n * c.factor() + " " + c.to() + " to " + c.from(), n + " " + c.from());
            }
        }
        return pairs;
    }

    List<InstructionExample> all(Random rng, int perTask) {
        List<InstructionExample> examples = new ArrayList<>();
        examples.addAll(Sampling.ask(rng, arithmetic(), perTask, Phrasings.of(
                "What is %s?", "Calculate %s.", "Work out the following.")));
        examples.addAll(Sampling.ask(rng, unitConversions(), perTask, Phrasings.of(
                "Convert %s.", "How much is %s?", "Do the following unit conversion.")));
        examples.addAll(Sampling.ask(rng, plurals(), perTask, Phrasings.of(
                "What is the plural of %s?", "Give the plural form of %s.", "Write the plural of the following noun.")));
        examples.addAll(Sampling.ask(rng, pastTenses(), perTask, Phrasings.of(
                "What is the past tense of %s?", "Give the past tense of the verb %s.", "Write the past tense of the following verb.")));
        examples.addAll(Sampling.ask(rng, backwards(), perTask, Phrasings.of(
                "Spell %s backwards.", "Write the word %s in reverse.", "Spell the following word backwards.")));
        return examples;
    }
}
