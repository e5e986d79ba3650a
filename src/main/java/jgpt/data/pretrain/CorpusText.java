package jgpt.data.pretrain;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The text rules every source shares. Whitespace and line breaks follow Python's str methods (isspace,
 * splitlines), whose sets are wider than Java's {@code \s} and {@link String#strip()}, so that the corpus
 * is the same byte for byte as the one the earlier Python cleaner wrote.
 */
final class CorpusText {
    /** Python's whitespace (str.isspace) as the body of a regex character class. */
    static final String SPACE = "\\t\\n\\x0B\\f\\r\\x1C-\\x20\\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000";

    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");
    private static final Pattern TRAILING_SPACE = Pattern.compile("[ \\t]+\\n");
    private static final Pattern BLANK_RUN = Pattern.compile("\\n{3,}");
    private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n[" + SPACE + "]*\\n");
    private static final Pattern SPACE_RUN = Pattern.compile("[" + SPACE + "]+");

    private CorpusText() {
    }

    /** Drops NULs and other control characters, spaces before line ends, runs of blank lines and outer whitespace. */
    static String tidy(String text) {
        String lines = text.replace("\r\n", "\n").replace('\r', '\n');
        lines = CONTROL.matcher(lines).replaceAll("");
        lines = TRAILING_SPACE.matcher(lines).replaceAll("\n");
        return strip(BLANK_RUN.matcher(lines).replaceAll("\n\n"));
    }

    /** Joins hard-wrapped lines into paragraphs with single spaces; blank lines stay paragraph breaks. */
    static String unwrap(String block) {
        return split(PARAGRAPH_BREAK, block).stream()
                .filter(paragraph -> !isBlank(paragraph))
                .map(paragraph -> String.join(" ", words(paragraph)))
                .collect(Collectors.joining("\n\n"));
    }

    /** The pieces between matches, empty ones at either end included (Python's re.split for patterns that consume text). */
    static List<String> split(Pattern separator, String text) {
        return List.of(separator.split(text, -1));
    }

    /** The runs of non-whitespace (Python's str.split()). */
    static List<String> words(String text) {
        return split(SPACE_RUN, strip(text)).stream().filter(word -> !word.isEmpty()).toList();
    }

    /** The lines without their breaks; a break at the very end starts no empty line (Python's str.splitlines()). */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isLineBreak(c)) {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /** The text without whitespace at either end (Python's str.strip()). */
    static String strip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    static boolean isBlank(String text) {
        return strip(text).isEmpty();
    }

    private static boolean isSpace(char c) {
        return (c >= '\t' && c <= '\r') || (c >= '\u001C' && c <= ' ') || c == '\u0085' || c == '\u00A0' || c == '\u1680'
                || (c >= '\u2000' && c <= '\u200A') || c == '\u2028' || c == '\u2029' || c == '\u202F' || c == '\u205F'
                || c == '\u3000';
    }

    private static boolean isLineBreak(char c) {
        return (c >= '\n' && c <= '\r') || (c >= '\u001C' && c <= '\u001E') || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }
}
