package jgpt.data.pretrain;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * A raw folder laid out as build-pretrain-corpus.sh leaves it, made from the hand-written samples under
 * test resources pretrain/raw: GCIDE and Europarl are gzipped here (so the samples stay readable), and
 * WordNet's file is 205 numbered glosses.
 */
public final class RawSamples {
    public static final int WORDNET_LINES = 205;

    private RawSamples() {
    }

    public static Path create(Path folder) {
        try {
            Path samples = Path.of(RawSamples.class.getResource("/pretrain/raw").toURI());
            try (Stream<Path> files = Files.walk(samples)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path target = folder.resolve(samples.relativize(file).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target);
                }
            }
            gzip(folder.resolve("gcide.dict"), folder.resolve(GcideDictionary.FILE));
            gzip(folder.resolve("europarl.lines.txt"), folder.resolve(EuroparlSpeeches.FILE));
            Files.write(folder.resolve(WordNetGlosses.FILE), IntStream.rangeClosed(1, WORDNET_LINES).mapToObj(RawSamples::gloss).toList());
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String gloss(int number) {
        return "word" + number + ": gloss number " + number;
    }

    private static void gzip(Path plain, Path packed) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(packed))) {
            Files.copy(plain, out);
        }
        Files.delete(plain);
    }
}
