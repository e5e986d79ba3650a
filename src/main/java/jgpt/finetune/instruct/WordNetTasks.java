package jgpt.finetune.instruct;

import jgpt.data.wordnet.PartOfSpeech;
import jgpt.data.wordnet.Pointer;
import jgpt.data.wordnet.Synset;
import jgpt.data.wordnet.WordNet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Instruction tasks about word meaning taken from WordNet: define a word, give a synonym, give an antonym,
 * use a word in a sentence (WordNet's own examples) and name the kind of thing a noun is (its hypernym).
 * Words asked about are plain lowercase words; definitions, synonyms and hypernyms use only words with a
 * single sense, so each question has one answer.
 */
final class WordNetTasks {
    private static final Pattern PLAIN_WORD = Pattern.compile("[a-z]{3,14}");
    private static final List<PartOfSpeech> CONTENT_WORDS = List.of(PartOfSpeech.NOUN, PartOfSpeech.VERB, PartOfSpeech.ADJECTIVE);

    private final WordNet wordNet;

    WordNetTasks(WordNet wordNet) {
        this.wordNet = wordNet;
    }

    static boolean plainWord(String word) {
        return PLAIN_WORD.matcher(word).matches();
    }

    /** Candidate (word, answer) pairs in a fixed order; keys are the words asked about. */
    Map<String, String> definitions() {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (PartOfSpeech pos : CONTENT_WORDS) {
            for (Synset synset : wordNet.synsets(pos)) {
                if (synset.definition().isEmpty()) continue;
                for (String word : synset.words()) {
                    if (monosemous(word)) pairs.putIfAbsent(word, sentence(synset.definition()));
                }
            }
        }
        return pairs;
    }

    Map<String, String> synonyms() {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (PartOfSpeech pos : CONTENT_WORDS) {
            for (Synset synset : wordNet.synsets(pos)) {
                List<String> plain = synset.words().stream().filter(WordNetTasks::plainWord).toList();
                for (String word : plain) {
                    if (!monosemous(word)) continue;
                    plain.stream().filter(other -> !other.equals(word)).findFirst()
                            .ifPresent(other -> pairs.putIfAbsent(word, other));
                }
            }
        }
        return pairs;
    }

    Map<String, String> antonyms() {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (PartOfSpeech pos : CONTENT_WORDS) {
            for (Synset synset : wordNet.synsets(pos)) {
                for (Pointer pointer : synset.pointers()) {
                    if (!pointer.symbol().equals(Pointer.ANTONYM) || pointer.semantic()) continue;
                    String word = synset.word(pointer.sourceWord());
                    String opposite = wordNet.target(pointer).word(pointer.targetWord());
                    if (plainWord(word) && plainWord(opposite)) pairs.putIfAbsent(word, opposite);
                }
            }
        }
        return pairs;
    }

    /** A WordNet example sentence that uses the word itself (not an inflected form). */
    Map<String, String> exampleSentences() {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (PartOfSpeech pos : CONTENT_WORDS) {
            for (Synset synset : wordNet.synsets(pos)) {
                for (String word : synset.words()) {
                    if (!plainWord(word) || pairs.containsKey(word)) continue;
                    Pattern whole = Pattern.compile("\\b" + word + "\\b");
                    synset.examples().stream().filter(e -> e.split(" ").length >= 4 && whole.matcher(e).find()).findFirst()
                            .ifPresent(example -> pairs.put(word, sentence(example)));
                }
            }
        }
        return pairs;
    }

    Map<String, String> hypernyms() {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (Synset synset : wordNet.synsets(PartOfSpeech.NOUN)) {
            Pointer up = synset.pointers().stream().filter(p -> p.symbol().equals(Pointer.HYPERNYM)).findFirst().orElse(null);
            if (up == null) continue;
            String kind = wordNet.target(up).words().getFirst();
            for (String word : synset.words()) {
                if (monosemous(word)) pairs.putIfAbsent(word, capitalize(word) + " is a kind of " + kind + ".");
            }
        }
        return pairs;
    }

    List<InstructionExample> all(Random rng, int perTask) {
        List<InstructionExample> examples = new ArrayList<>();
        examples.addAll(Sampling.ask(rng, definitions(), perTask, Phrasings.of(
                "Define the word %s.", "What does %s mean?", "Give the definition of the following word.")));
        examples.addAll(Sampling.ask(rng, synonyms(), perTask, Phrasings.of(
                "Give a synonym for %s.", "What is another word for %s?", "Provide a synonym for the given word.")));
        examples.addAll(Sampling.ask(rng, antonyms(), perTask, Phrasings.of(
                "What is the opposite of %s?", "Give an antonym for %s.", "Provide an antonym for the following word.")));
        examples.addAll(Sampling.ask(rng, exampleSentences(), perTask, Phrasings.of(
                "Use the word %s in a sentence.", "Write a sentence that uses the word %s.", "Use the given word in a sentence.")));
        examples.addAll(Sampling.ask(rng, hypernyms(), perTask, Phrasings.of(
                "What kind of thing is %s?", "Name the category that %s belongs to.", "What kind of thing is the following?")));
        return examples;
    }

    private boolean monosemous(String word) {
        return plainWord(word) && wordNet.senses(word).size() == 1;
    }

    /** "nocturnal mammal" -> "Nocturnal mammal."; text that already ends a sentence keeps its mark. */
    static String sentence(String text) {
        String capitalized = capitalize(text.strip());
        char last = capitalized.charAt(capitalized.length() - 1);
        return last == '.' || last == '!' || last == '?' ? capitalized : capitalized + ".";
    }

    static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
