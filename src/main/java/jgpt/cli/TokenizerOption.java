package jgpt.cli;

import java.nio.file.Path;
import jgpt.tokenizer.Tokenizer;
import jgpt.tokenizer.Tokenizers;
import picocli.CommandLine.Option;

/** The {@code --tokenizer DIR} option, for every command that tokenizes: GPT-2's unless a directory is given. */
public final class TokenizerOption {
    @Option(names = "--tokenizer", paramLabel = "DIR",
            description = "A trained or downloaded tokenizer (vocab.json + merges.txt, tokenizer.json,"
                    + " encoder.json + vocab.bpe, or *.tiktoken); default: GPT-2's.")
    Path directory;

    /** "gpt2", or the directory as given: how run configs and prepared data name the tokenizer. */
    public String name() {
        return directory == null ? "gpt2" : directory.toString();
    }

    public Tokenizer tokenizer() {
        return directory == null ? Tokenizers.gpt2() : Tokenizers.load(directory);
    }
}
