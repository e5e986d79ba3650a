package jgpt.data.pretrain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** WordNet 3.1's glosses as {@code jgpt data builtin wordnet} wrote them (a gloss per line): one document per 100 lines. */
final class WordNetGlosses implements PretrainSource {
    static final String FILE = "wordnet.txt";
    static final int LINES_PER_DOCUMENT = 100;

    @Override
    public String name() {
        return "wordnet";
    }

    @Override
    public List<String> documents(Path raw) {
        List<String> lines = CorpusText.lines(RawFiles.readLenientUtf8(raw.resolve(FILE)));
        List<String> documents = new ArrayList<>();
        for (int start = 0; start < lines.size(); start += LINES_PER_DOCUMENT) {
            documents.add(String.join("\n", lines.subList(start, Math.min(start + LINES_PER_DOCUMENT, lines.size()))));
        }
        return documents;
    }
}
