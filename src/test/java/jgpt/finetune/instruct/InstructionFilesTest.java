package jgpt.finetune.instruct;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstructionFilesTest {
    @TempDir
    Path dir;

    private static final List<InstructionExample> EXAMPLES = List.of(
            new InstructionExample("Spell \"cat\" backwards.", "", "tac"),
            new InstructionExample("Add the numbers.", "2 + 3", "5 <|endoftext|> é"));

    @Test
    void jsonAndJsonLinesRoundTrip() {
        for (String name : List.of("data.json", "data.jsonl")) {
            Path file = dir.resolve(name);
            InstructionFiles.write(file, EXAMPLES);
            assertThat(InstructionFiles.read(file)).isEqualTo(EXAMPLES);
        }
    }

    @Test
    void readsTheBooksLayoutWithExtraFieldsAndNoInput() throws IOException {
        Path file = dir.resolve("book.json");
        Files.writeString(file, """
                [
                    {"instruction": "Identify the correct spelling of the following word.", "input": "Ocassion", "output": "The correct spelling is 'Occasion.'"},
                    {"instruction": "What is an antonym of 'complicated'?", "output": "simple", "model_response": "easy"}
                ]
                """);
        assertThat(InstructionFiles.read(file)).containsExactly(
                new InstructionExample("Identify the correct spelling of the following word.", "Ocassion", "The correct spelling is 'Occasion.'"),
                new InstructionExample("What is an antonym of 'complicated'?", "", "simple"));
    }

    @Test
    void recordMissingOutputIsOneSentence() throws IOException {
        Path json = dir.resolve("a.json"), lines = dir.resolve("a.jsonl");
        Files.writeString(json, "[{\"instruction\": \"x\", \"output\": \"y\"}, {\"instruction\": \"z\", \"input\": \"\"}]");
        Files.writeString(lines, "{\"instruction\": \"x\", \"output\": \"y\"}\n\n{\"instruction\": \"z\"}\n");
        assertThatThrownBy(() -> InstructionFiles.read(json)).hasMessage(json
                + ": record 2 has no \"output\" field; every record needs instruction and output (input may be empty).");
        assertThatThrownBy(() -> InstructionFiles.read(lines)).hasMessage(lines
                + ": line 3 has no \"output\" field; every record needs instruction and output (input may be empty).");
    }

    @Test
    void emptyFilesAndBrokenJsonAreOneSentence() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.json"), " \n");
        Path emptyList = Files.writeString(dir.resolve("list.json"), "[]");
        Path broken = Files.writeString(dir.resolve("broken.jsonl"), "{\"instruction\": \"x\", \"output\": \"y\"}\n{\"instruction\": \n");
        Path notObject = Files.writeString(dir.resolve("numbers.json"), "[1, 2]");
        Path wrongType = Files.writeString(dir.resolve("type.json"), "[{\"instruction\": 3, \"output\": \"y\"}]");
        assertThatThrownBy(() -> InstructionFiles.read(empty)).hasMessage(empty
                + " is empty: expected a JSON list of {instruction, input, output} records or one per line (JSON lines).");
        assertThatThrownBy(() -> InstructionFiles.read(emptyList)).hasMessage(emptyList
                + " holds no records: expected at least one of {instruction, input, output} records.");
        assertThatThrownBy(() -> InstructionFiles.read(broken)).hasMessageStartingWith(broken + " line 2 is not valid JSON: ");
        assertThatThrownBy(() -> InstructionFiles.read(notObject)).hasMessage(notObject + ": record 1 is not a JSON object.");
        assertThatThrownBy(() -> InstructionFiles.read(wrongType)).hasMessage(wrongType + ": record 1's \"instruction\" is not a string.");
        assertThatThrownBy(() -> InstructionFiles.read(dir.resolve("absent.json")))
                .hasMessage("Cannot read " + dir.resolve("absent.json") + ": no such file or directory.");
    }
}
