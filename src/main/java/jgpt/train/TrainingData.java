package jgpt.train;

import java.nio.file.Path;
import java.util.List;
import jgpt.data.CorpusPreparer;
import jgpt.data.TokenSequence;
import jgpt.data.TokenShards;
import jgpt.data.TrainValidationSplit;
import jgpt.tokenizer.TextFiles;
import jgpt.tokenizer.Tokenizer;

/** The token ids a run trains and validates on. */
public record TrainingData(TokenSequence train, TokenSequence validation) {
    public static final String BUILTIN_PREFIX = "builtin:";

    /**
     * The data named in a run config: one prepared shard directory, "builtin:wordnet", or text files and
     * directories (each file a document, joined with end-of-text, split by validationRatio).
     */
    public static TrainingData load(List<String> sources, String tokenizerName, Tokenizer tokenizer, double validationRatio) {
        if (sources.isEmpty()) throw new IllegalArgumentException("no training data given; name text files or a prepared directory with --data");
        if (sources.size() == 1 && sources.getFirst().startsWith(BUILTIN_PREFIX)) {
            String text = jgpt.data.BuiltinCorpus.text(sources.getFirst().substring(BUILTIN_PREFIX.length()));
            return fromText(text, tokenizer, validationRatio, sources.getFirst());
        }
        if (sources.size() == 1 && TokenShards.isShardDirectory(Path.of(sources.getFirst()))) {
            return fromShards(Path.of(sources.getFirst()), tokenizerName);
        }
        List<Path> files = CorpusPreparer.expandInputs(sources.stream().map(Path::of).toList());
        StringBuilder corpus = new StringBuilder();
        String separator = tokenizer.endOfTextId().isPresent() ? "<|endoftext|>" : "\n\n";
        for (Path file : files) {
            String text = TextFiles.readUtf8(file);
            if (text.indexOf('\0') >= 0) throw new IllegalArgumentException(file + " is not a text file (it holds NUL characters)");
            if (!corpus.isEmpty() && !text.isEmpty()) corpus.append(separator);
            corpus.append(text);
        }
        return fromText(corpus.toString(), tokenizer, validationRatio, String.join(", ", sources));
    }

    static TrainingData fromText(String text, Tokenizer tokenizer, double validationRatio, String name) {
        if (text.isBlank()) throw new IllegalArgumentException("the corpus " + name + " holds no text");
        int[] ids = tokenizer.encode(text, tokenizer.specialTokens());
        var split = TrainValidationSplit.byRatio(TokenSequence.of(ids), 1 - validationRatio);
        return new TrainingData(split.train(), split.validation());
    }

    static TrainingData fromShards(Path dir, String tokenizerName) {
        TokenShards shards = TokenShards.open(dir);
        String prepared = shards.manifest().tokenizer();
        if (!prepared.equals(tokenizerName)) {
            throw new IllegalArgumentException(dir + " was tokenized with '" + prepared + "', but this run uses the tokenizer '" + tokenizerName + "'");
        }
        return new TrainingData(shards.train(), shards.validation());
    }
}
