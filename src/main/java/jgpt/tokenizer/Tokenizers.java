package jgpt.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where tokenizers come from: GPT-2's, built into the jar, or one loaded from files. */
public final class Tokenizers {
    private static final String GPT2_RANKS = "r50k_base.tiktoken";

    private Tokenizers() {
    }

    /** GPT-2's tokenizer (OpenAI's r50k_base ranks, 50,257 ids, {@code <|endoftext|>} = 50256); one shared instance. */
    public static Tokenizer gpt2() {
        return Gpt2Holder.INSTANCE;
    }

    /**
     * A tokenizer from a directory (or a file) in any supported format, detected from the file names:
     * {@code tokenizer.json} (Hugging Face), {@code vocab.json} + {@code merges.txt} (Hugging Face, and
     * what {@code jgpt tokenizer train} writes), {@code encoder.json} + {@code vocab.bpe} (OpenAI's
     * GPT-2 release) or a {@code *.tiktoken} file.
     */
    public static Tokenizer load(Path path) {
        if (Files.isRegularFile(path)) return new ByteLevelBpe(readFile(path));
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException("Tokenizer directory " + path + " does not exist.");
        }
        if (Files.isRegularFile(path.resolve("tokenizer.json"))) {
            return load(path.resolve("tokenizer.json"));
        }
        for (List<String> pair : List.of(List.of("vocab.json", "merges.txt"), List.of("encoder.json", "vocab.bpe"))) {
            Path vocab = path.resolve(pair.get(0)), merges = path.resolve(pair.get(1));
            if (Files.isRegularFile(vocab) && Files.isRegularFile(merges)) {
                return new ByteLevelBpe(VocabMergesFiles.read(vocab, merges));
            }
        }
        try (Stream<Path> files = Files.list(path)) {
            Path tiktoken = files.filter(f -> f.getFileName().toString().endsWith(".tiktoken")).sorted()
                    .findFirst().orElse(null);
            if (tiktoken != null) return load(tiktoken);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + path + ": " + e.getMessage() + ".", e);
        }
        throw new IllegalArgumentException(path + " holds no tokenizer: expected tokenizer.json, vocab.json and"
                + " merges.txt, encoder.json and vocab.bpe, or a .tiktoken file.");
    }

    /**
     * The tokenizer saved beside a model: the files {@link #load} reads, when modelDir has them (Hugging Face
     * model directories usually do); otherwise GPT-2's.
     */
    public static Tokenizer forModel(Path modelDir) {
        return hasTokenizerFiles(modelDir) ? load(modelDir) : gpt2();
    }

    /** Whether dir holds tokenizer.json, vocab.json and merges.txt, or encoder.json and vocab.bpe. */
    public static boolean hasTokenizerFiles(Path dir) {
        return Files.isRegularFile(dir.resolve("tokenizer.json"))
                || (Files.isRegularFile(dir.resolve("vocab.json")) && Files.isRegularFile(dir.resolve("merges.txt")))
                || (Files.isRegularFile(dir.resolve("encoder.json")) && Files.isRegularFile(dir.resolve("vocab.bpe")));
    }

    private static BpeVocabulary readFile(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".json")) return HuggingFaceTokenizerFile.read(file);
        if (name.endsWith(".tiktoken")) {
            try (InputStream in = Files.newInputStream(file)) {
                return TiktokenFile.read(in, file.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage() + ".", e);
            }
        }
        throw new IllegalArgumentException(file + " is not a tokenizer file: expected tokenizer.json or a"
                + " .tiktoken file, or a directory.");
    }

    private static final class Gpt2Holder {
        static final Tokenizer INSTANCE = loadGpt2();

        private static Tokenizer loadGpt2() {
            try (InputStream in = Tokenizers.class.getResourceAsStream(GPT2_RANKS)) {
                if (in == null) {
                    throw new IllegalStateException("The jar lacks GPT-2's vocabulary (" + GPT2_RANKS
                            + "); rebuild it with mvn package.");
                }
                return new ByteLevelBpe(TiktokenFile.read(in, GPT2_RANKS));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read GPT-2's vocabulary from the jar: " + e.getMessage(), e);
            }
        }
    }
}
