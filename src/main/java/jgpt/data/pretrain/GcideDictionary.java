package jgpt.data.pretrain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * GCIDE, the Collaborative International Dictionary of English, in dictd format: one document per entry,
 * without pronunciations, source tags and the licence preface.
 */
final class GcideDictionary implements PretrainSource {
    static final String FILE = "gcide.dict.dz";

    private static final Pattern FIRST_ENTRY = Pattern.compile("^A \\\\A\\\\", Pattern.MULTILINE | Pattern.UNIX_LINES);
    private static final Pattern ENTRY_START = Pattern.compile("\\n(?=[^" + CorpusText.SPACE + "])");
    /** {@code \Ab"so*lute\} */
    private static final Pattern PRONUNCIATION = Pattern.compile("\\\\[^\\\\\\n]*\\\\");
    /** {@code ([a^]b"s[.o]*l[=u]t)}: a parenthesis holding a letter code */
    private static final Pattern CODED_PRONUNCIATION = Pattern.compile(" ?\\((?=[^()\\n]*\\[[^\\] ]{1,6}\\])[^()\\n]*\\)");
    private static final Pattern SOURCE_TAG = Pattern.compile(
            "\\[(1913 Webster|PJC|WordNet 1\\.5|Webster 1913 Suppl\\.|[^\\]\\n]{0,40}Webster[^\\]\\n]{0,20})\\]");
    private static final Pattern LETTER_CODE = Pattern.compile("\\[([^\\] \\n]{1,7})\\]");
    private static final Pattern BRACE = Pattern.compile("[{}]");
    private static final Pattern SPACE_BEFORE_COMMA = Pattern.compile(" +,");
    private static final Pattern NOT_A_LETTER = Pattern.compile("[^A-Za-z]");
    private static final int SHORTEST_ENTRY = 21;

    /** GCIDE writes letters beyond ASCII as codes such as [ae], [aum] or [=a]; these are the named ones. */
    private static final Map<String, String> NAMED_LETTERS = Map.ofEntries(
            Map.entry("ae", "æ"), Map.entry("AE", "Æ"), Map.entry("oe", "œ"), Map.entry("OE", "Œ"),
            Map.entry("aum", "ä"), Map.entry("eum", "ë"), Map.entry("ium", "ï"), Map.entry("oum", "ö"), Map.entry("uum", "ü"),
            Map.entry("amac", "ā"), Map.entry("emac", "ē"), Map.entry("imac", "ī"), Map.entry("omac", "ō"), Map.entry("umac", "ū"),
            Map.entry("eth", "ð"), Map.entry("thorn", "þ"), Map.entry("deg", "°"), Map.entry("sect", "§"), Map.entry("root", "√"),
            Map.entry("frac12", "½"), Map.entry("frac14", "¼"), Map.entry("frac34", "¾"), Map.entry("cced", "ç"),
            Map.entry("ntil", "ñ"), Map.entry("alpha", "α"), Map.entry("beta", "β"), Map.entry("gamma", "γ"),
            Map.entry("delta", "δ"), Map.entry("pi", "π"), Map.entry("mu", "μ"), Map.entry("para", "¶"));

    @Override
    public String name() {
        return "gcide";
    }

    @Override
    public List<String> documents(Path raw) {
        Path file = raw.resolve(FILE);
        String text = RawFiles.readLenientUtf8(file);
        Matcher first = FIRST_ENTRY.matcher(text);
        if (!first.find()) {
            throw new IllegalArgumentException(file + " has no entry \"A \\A\\\"; is it GCIDE's dictd file?");
        }
        List<String> documents = new ArrayList<>();
        for (String entry : CorpusText.split(ENTRY_START, text.substring(first.start()))) {
            String clean = clean(entry);
            if (clean.codePointCount(0, clean.length()) >= SHORTEST_ENTRY) {
                documents.add(clean);
            }
        }
        return documents;
    }

    static String clean(String entry) {
        String text = PRONUNCIATION.matcher(entry).replaceAll("");
        text = CODED_PRONUNCIATION.matcher(text).replaceAll("");
        text = SOURCE_TAG.matcher(text).replaceAll("");
        text = LETTER_CODE.matcher(text).replaceAll(code -> Matcher.quoteReplacement(letter(code)));
        text = BRACE.matcher(text).replaceAll("");
        return SPACE_BEFORE_COMMA.matcher(CorpusText.unwrap(text)).replaceAll(",");
    }

    /** A named code's letter; otherwise the one letter of a marked code ([=a], [a^], [.a]); else the code unchanged. */
    private static String letter(MatchResult code) {
        String named = NAMED_LETTERS.get(code.group(1));
        if (named != null) {
            return named;
        }
        String letters = NOT_A_LETTER.matcher(code.group(1)).replaceAll("");
        return letters.length() == 1 ? letters : code.group();
    }
}
