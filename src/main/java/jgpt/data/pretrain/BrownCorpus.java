package jgpt.data.pretrain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The Brown corpus (files ca01 to cr09, a tagged sentence per line, tokens like "jury/nn"): one document
 * per text, a sentence per line, without the part-of-speech tags and with punctuation joined back on.
 */
final class BrownCorpus implements PretrainSource {
    static final String FOLDER = "brown";

    private static final Pattern TEXT_FILE = Pattern.compile("c[a-r][0-9][0-9]");
    private static final Pattern SPACE_BEFORE_CLOSING = Pattern.compile(
            " ([,.;:!?)\\]]|'s|n't|'re|'ll|'d|'m|'ve)(?=[" + CorpusText.SPACE + "]|$)", Pattern.UNIX_LINES);
    private static final Pattern SPACE_AFTER_OPENING = Pattern.compile("([(\\[]) ");
    private static final Pattern SPACES_INSIDE_QUOTES = Pattern.compile("\" (.*?) \"", Pattern.UNIX_LINES);

    @Override
    public String name() {
        return "brown";
    }

    @Override
    public List<String> documents(Path raw) {
        List<String> documents = new ArrayList<>();
        for (Path file : RawFiles.filesIn(raw.resolve(FOLDER), name -> TEXT_FILE.matcher(name).matches())) {
            List<String> sentences = new ArrayList<>();
            for (String line : CorpusText.lines(RawFiles.readLenientUtf8(file))) {
                List<String> words = CorpusText.words(line).stream().map(BrownCorpus::withoutTag).toList();
                if (!words.isEmpty()) {
                    sentences.add(detokenize(String.join(" ", words)));
                }
            }
            documents.add(String.join("\n", sentences));
        }
        return documents;
    }

    private static String withoutTag(String token) {
        int slash = token.lastIndexOf('/');
        return slash < 0 ? token : token.substring(0, slash);
    }

    /** Brown writes quotes as `` and '' and spaces every token apart; this joins them the way prose is written. */
    static String detokenize(String sentence) {
        String text = sentence.replace("``", "\"").replace("''", "\"");
        text = SPACE_BEFORE_CLOSING.matcher(text).replaceAll("$1");
        text = SPACE_AFTER_OPENING.matcher(text).replaceAll("$1");
        return SPACES_INSIDE_QUOTES.matcher(text).replaceAll("\"$1\"");
    }
}
