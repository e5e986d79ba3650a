package jgpt.data.pretrain;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import jgpt.io.AtomicFiles;

/**
 * Turns the raw sources that scripts/data/build-pretrain-corpus.sh fetched into clean UTF-8 text for
 * {@code jgpt data prepare}. Each source's documents are joined with GPT-2's end-of-text marker (which
 * data prepare encodes as the special token) and cut, in order, into slices written to OUT/NN/SOURCE.txt:
 * data prepare reads files in path order and holds out the last share by bytes, so the validation split
 * is the end of every source rather than all of one.
 */
public final class PretrainCorpus {
    public static final String END_OF_TEXT = "<|endoftext|>";

    /** The sources in the order they are written, and printed. */
    public static final List<PretrainSource> SOURCES = List.of(new GcideDictionary(), new KjvChapters(), new FortuneCookies(),
            new BrownCorpus(), new NlpCorpus(), new EuroparlSpeeches(), new SpamAssassinMails(), new WordNetGlosses());

    /** What one source gave: its documents and the bytes of its text files. */
    public record SourceSummary(String name, int documents, long bytes) {
    }

    private PretrainCorpus() {
    }

    /** Writes every source's slices under {@code out}, telling {@code written} about each source as it is done. */
    public static void write(Path raw, Path out, int slices, Consumer<SourceSummary> written) {
        if (slices < 1) {
            throw new IllegalArgumentException("The corpus needs at least one slice per source (got " + slices + ").");
        }
        for (PretrainSource source : SOURCES) {
            List<String> documents = source.documents(raw);
            if (documents.isEmpty()) {
                throw new IllegalArgumentException("The source " + source.name() + " gave no text; look at " + raw + ".");
            }
            written.accept(new SourceSummary(source.name(), documents.size(), writeSlices(source.name(), documents, out, slices)));
        }
    }

    /** The documents cut, in order, into {@code slices} runs whose sizes differ by at most one; the last ends with the last document. */
    public static List<List<String>> slices(List<String> documents, int slices) {
        long count = documents.size();
        return IntStream.range(0, slices)
                .mapToObj(s -> documents.subList((int) (count * s / slices), (int) (count * (s + 1) / slices)))
                .toList();
    }

    private static long writeSlices(String name, List<String> documents, Path out, int slices) {
        List<String> unmarked = documents.stream().map(document -> document.replace(END_OF_TEXT, "")).toList();
        long bytes = 0;
        int index = 0;
        for (List<String> slice : slices(unmarked, slices)) {
            byte[] text = (String.join(END_OF_TEXT, slice) + "\n").getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(out.resolve("%02d".formatted(index++)).resolve(name + ".txt"), stream -> stream.write(text));
            bytes += text.length;
        }
        return bytes;
    }
}
