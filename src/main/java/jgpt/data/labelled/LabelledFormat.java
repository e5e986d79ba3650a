package jgpt.data.labelled;

import java.nio.file.Path;
import java.util.Locale;

/** The file formats labelled text is read from. */
public enum LabelledFormat {
    /** Comma-separated values with a header row naming the text and label columns (RFC 4180 quoting). */
    CSV,
    /** Tab-separated values with a header row, quoted like CSV where needed. */
    TSV,
    /** One JSON object per line with text and label fields. */
    JSONL,
    /** The UCI SMS Spam Collection: one {@code label<TAB>text} per line, no header. */
    SMS;

    /** The format a file name suggests: .csv, .tsv or .tab, .jsonl or .ndjson or .json, otherwise SMS. */
    public static LabelledFormat forFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) return CSV;
        if (name.endsWith(".tsv") || name.endsWith(".tab")) return TSV;
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) return JSONL;
        return SMS;
    }
}
