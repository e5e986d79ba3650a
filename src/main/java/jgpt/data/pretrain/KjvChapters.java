package jgpt.data.pretrain;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** The King James Bible as {@code bible -l10000} printed it (a heading such as "1 Kings 3", then a verse per line): one document per chapter. */
final class KjvChapters implements PretrainSource {
    static final String FILE = "kjv.txt";

    private static final Pattern CHAPTER_START = Pattern.compile(
            "\\n(?=[1-3]?[" + CorpusText.SPACE + "]?[A-Z][A-Za-z ]+ \\p{Nd}+\\n)");

    @Override
    public String name() {
        return "kjv";
    }

    @Override
    public List<String> documents(Path raw) {
        String text = RawFiles.readLenientUtf8(raw.resolve(FILE));
        return CorpusText.split(CHAPTER_START, "\n" + text).stream()
                .filter(chapter -> !CorpusText.isBlank(chapter))
                .map(chapter -> CorpusText.tidy(String.join("\n", CorpusText.lines(chapter).stream().map(CorpusText::strip).toList())))
                .toList();
    }
}
