package jgpt.data.wordnet;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the lines of WordNet's database files (the "wndb" format): data.* synset lines and *.exc
 * exception-list lines. Lines of the license header start with spaces and are not synsets.
 */
final class WordNetFiles {
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    private WordNetFiles() {
    }

    static boolean isHeader(String line) {
        return line.isEmpty() || line.charAt(0) == ' ';
    }

    /**
     * One data line: "offset lex_filenum ss_type w_cnt (word lex_id)+ p_cnt (symbol offset pos src/tgt)*
     * [f_cnt (+ f_num w_num)*] | gloss". w_cnt and src/tgt are hexadecimal, p_cnt decimal.
     */
    static Synset parseSynset(String line) {
        int bar = line.indexOf(" | ");
        String[] fields = (bar < 0 ? line : line.substring(0, bar)).strip().split(" ");
        try {
            long offset = Long.parseLong(fields[0]);
            PartOfSpeech pos = PartOfSpeech.ofLetter(fields[2]);
            int wordCount = Integer.parseInt(fields[3], 16);
            List<String> words = new ArrayList<>(wordCount);
            for (int i = 0; i < wordCount; i++) words.add(lemmaText(fields[4 + 2 * i]));
            int at = 4 + 2 * wordCount;
            int pointerCount = Integer.parseInt(fields[at++]);
            List<Pointer> pointers = new ArrayList<>(pointerCount);
            for (int i = 0; i < pointerCount; i++, at += 4) {
                String sourceTarget = fields[at + 3];
                pointers.add(new Pointer(fields[at], PartOfSpeech.ofLetter(fields[at + 2]), Long.parseLong(fields[at + 1]),
                        Integer.parseInt(sourceTarget.substring(0, 2), 16), Integer.parseInt(sourceTarget.substring(2), 16)));
            }
            String gloss = bar < 0 ? "" : line.substring(bar + 3).strip();
            return new Synset(pos, offset, words, pointers, definition(gloss), examples(gloss));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a WordNet data line: " + abbreviate(line), e);
        }
    }

    /** "(usually followed by `to') having the means; "able to swim"" -> the text before the first quote. */
    static String definition(String gloss) {
        int quote = gloss.indexOf('"');
        String definition = quote < 0 ? gloss : gloss.substring(0, quote);
        return definition.strip().replaceAll("[;:\\s]+$", "");
    }

    static List<String> examples(String gloss) {
        List<String> examples = new ArrayList<>();
        Matcher m = QUOTED.matcher(gloss);
        while (m.find()) {
            String example = m.group(1).strip();
            if (!example.isEmpty()) examples.add(example);
        }
        return examples;
    }

    /** "perk_up" -> "perk up"; "galore(ip)" -> "galore" (adjective position markers). */
    static String lemmaText(String field) {
        int marker = field.indexOf('(');
        String word = marker > 0 && field.endsWith(")") ? field.substring(0, marker) : field;
        return word.replace('_', ' ');
    }

    private static String abbreviate(String line) {
        return line.length() <= 60 ? line : line.substring(0, 60) + "...";
    }
}
