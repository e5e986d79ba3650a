package jgpt.data.wordnet;

import java.util.List;

/**
 * One WordNet synset: its words (underscores turned to spaces, adjective markers such as "(a)" removed),
 * its pointers, the definition part of its gloss and the gloss's quoted example sentences.
 */
public record Synset(PartOfSpeech pos, long offset, List<String> words, List<Pointer> pointers,
                     String definition, List<String> examples) {

    public Synset {
        words = List.copyOf(words);
        pointers = List.copyOf(pointers);
        examples = List.copyOf(examples);
    }

    /** The word with a 1-based word number, as pointers count them. */
    public String word(int number) {
        return words.get(number - 1);
    }
}
