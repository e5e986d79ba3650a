package jgpt.data.wordnet;

/**
 * A relation from one synset (or one of its words) to another: symbol as WordNet writes it ("!" antonym,
 * "@" hypernym, "@i" instance hypernym, "&" similar to, ...). sourceWord and targetWord are 1-based word
 * numbers within the two synsets, both 0 for a relation between whole synsets.
 */
public record Pointer(String symbol, PartOfSpeech pos, long offset, int sourceWord, int targetWord) {
    public static final String ANTONYM = "!";
    public static final String HYPERNYM = "@";
    public static final String INSTANCE_HYPERNYM = "@i";

    /** True for a relation between whole synsets rather than between two words. */
    public boolean semantic() {
        return sourceWord == 0 && targetWord == 0;
    }
}
