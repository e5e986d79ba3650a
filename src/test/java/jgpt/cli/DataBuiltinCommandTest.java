package jgpt.cli;

import static jgpt.cli.ModelCommandsTest.jgpt;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jgpt.train.TrainingData;
import jgpt.tokenizer.Tokenizers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jgpt data builtin: the text that train --data builtin:wordnet trains on, as a file. */
class DataBuiltinCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheWordNetGlossesThatTrainReads() throws IOException {
        Path file = tmp.resolve("wordnet.txt");
        var run = jgpt("data", "builtin", "wordnet", "--out", file.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("wrote the built-in corpus wordnet (", " characters) to " + file);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSizeGreaterThan(110_000).allMatch(line -> line.contains(": "));
        // tokenized as a text file, it is the corpus builtin:wordnet names, id for id
        var tokenizer = Tokenizers.gpt2();
        var fromFile = TrainingData.load(List.of(file.toString()), "gpt2", tokenizer, 0.1);
        var builtin = TrainingData.load(List.of("builtin:wordnet"), "gpt2", tokenizer, 0.1);
        assertThat(fromFile.train().toArray()).isEqualTo(builtin.train().toArray());
        assertThat(fromFile.validation().toArray()).isEqualTo(builtin.validation().toArray());
    }

    @Test
    void anUnknownNameIsOneSentence() {
        var run = jgpt("data", "builtin", "shakespeare", "--out", tmp.resolve("x.txt").toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err().strip()).isEqualTo("jgpt: there is no built-in corpus called 'shakespeare'; the one there is: wordnet");
    }
}
