package jgpt.data.wordnet;

/** WordNet's four parts of speech, each with its data file; adjective satellites ('s') count as adjectives. */
public enum PartOfSpeech {
    NOUN("noun"), VERB("verb"), ADJECTIVE("adj"), ADVERB("adv");

    private final String fileSuffix;

    PartOfSpeech(String fileSuffix) {
        this.fileSuffix = fileSuffix;
    }

    /** The suffix of its files: data.noun, index.noun, noun.exc. */
    public String fileSuffix() {
        return fileSuffix;
    }

    /** The part of speech of a synset type or pointer letter: n, v, a, s or r. */
    public static PartOfSpeech ofLetter(String letter) {
        return switch (letter) {
            case "n" -> NOUN;
            case "v" -> VERB;
            case "a", "s" -> ADJECTIVE;
            case "r" -> ADVERB;
            default -> throw new IllegalArgumentException("'" + letter + "' is not a WordNet part of speech (n, v, a, s or r)");
        };
    }
}
