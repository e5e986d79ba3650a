package jgpt.finetune.instruct;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import jgpt.io.AtomicFiles;
import jgpt.io.JsonRecord;
import jgpt.io.JsonRecords;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Instruction data files: the book's JSON (a list of {instruction, input, output} objects) or JSON lines
 * (one such object per line), told apart by the first character. Other fields are ignored, so files that
 * also carry model responses read as well.
 */
public final class InstructionFiles {
    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().create();

    private InstructionFiles() {
    }

    public static List<InstructionExample> read(Path file) {
        List<JsonRecord> records = JsonRecords.read(file, "{instruction, input, output} records");
        List<InstructionExample> examples = new ArrayList<>(records.size());
        for (JsonRecord record : records) {
            examples.add(new InstructionExample(record.requiredString("instruction", "instruction and output (input may be empty)"),
                    record.optionalString("input"),
                    record.requiredString("output", "instruction and output (input may be empty)")));
        }
        return examples;
    }

    /** Writes JSON lines when the name ends in .jsonl, else a pretty-printed JSON list; atomically. */
    public static void write(Path file, List<?> records) {
        boolean lines = file.getFileName().toString().endsWith(".jsonl");
        AtomicFiles.write(file, out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            if (lines) {
                for (Object record : records) writer.write(COMPACT.toJson(record) + "\n");
            } else {
                PRETTY.toJson(records, writer);
                writer.write("\n");
            }
            writer.flush();
        });
    }
}
