package jgpt.data.mail;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The readable text of an HTML document: markup, scripts, styles and comments dropped, entities decoded. */
public final class HtmlText {
    private static final Pattern COMMENT = Pattern.compile("<!--.*?(-->|$)", Pattern.DOTALL);
    private static final Pattern INVISIBLE = Pattern.compile("<(script|style|head|title)\\b[^>]*>.*?</\\1\\s*>",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern BLOCK_TAG = Pattern.compile(
            "</?(br|p|div|tr|li|h[1-6]|table|ul|ol|blockquote|hr|pre|center|form|dd|dt)\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern CELL_TAG = Pattern.compile("</?(td|th)\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern OTHER_TAG = Pattern.compile("</?[a-zA-Z!?][^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});?");
    private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f\\r\\u00A0]+");
    private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");
    private static final Map<String, String> NAMED = Map.ofEntries(
            Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"), Map.entry("quot", "\""),
            Map.entry("apos", "'"), Map.entry("nbsp", " "), Map.entry("copy", "©"), Map.entry("reg", "®"),
            Map.entry("trade", "™"), Map.entry("mdash", "—"), Map.entry("ndash", "–"), Map.entry("hellip", "…"),
            Map.entry("laquo", "«"), Map.entry("raquo", "»"), Map.entry("lsquo", "‘"), Map.entry("rsquo", "’"),
            Map.entry("ldquo", "“"), Map.entry("rdquo", "”"), Map.entry("bull", "•"), Map.entry("middot", "·"),
            Map.entry("euro", "€"), Map.entry("pound", "£"), Map.entry("cent", "¢"), Map.entry("yen", "¥"),
            Map.entry("deg", "°"), Map.entry("times", "×"), Map.entry("eacute", "é"), Map.entry("egrave", "è"),
            Map.entry("aacute", "á"), Map.entry("agrave", "à"), Map.entry("uuml", "ü"), Map.entry("ouml", "ö"),
            Map.entry("auml", "ä"), Map.entry("szlig", "ß"), Map.entry("ccedil", "ç"), Map.entry("ntilde", "ñ"));

    private HtmlText() {
    }

    public static String toText(String html) {
        String s = COMMENT.matcher(html).replaceAll(" ");
        s = INVISIBLE.matcher(s).replaceAll(" ");
        s = BLOCK_TAG.matcher(s).replaceAll("\n");
        s = CELL_TAG.matcher(s).replaceAll(" ");
        s = OTHER_TAG.matcher(s).replaceAll("");
        s = decodeEntities(s);
        return tidyWhitespace(s);
    }

    static String decodeEntities(String s) {
        if (s.indexOf('&') < 0) return s;
        Matcher m = ENTITY.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        while (m.find()) {
            String decoded = entity(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(decoded == null ? m.group() : decoded));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String entity(String body) {
        if (!body.startsWith("#")) return NAMED.getOrDefault(body, NAMED.get(body.toLowerCase(Locale.ROOT)));
        boolean hex = body.length() > 1 && (body.charAt(1) == 'x' || body.charAt(1) == 'X');
        int code = Integer.parseInt(body.substring(hex ? 2 : 1), hex ? 16 : 10);
        return Character.isValidCodePoint(code) && code != 0 ? Character.toString(code) : null;
    }

    /** Runs of spaces become one, lines are trimmed, and at most one blank line separates paragraphs. */
    static String tidyWhitespace(String s) {
        String[] lines = SPACES.matcher(s).replaceAll(" ").split("\n", -1);
        StringBuilder out = new StringBuilder(s.length());
        for (String line : lines) out.append(line.strip()).append('\n');
        return BLANK_LINES.matcher(out).replaceAll("\n\n").strip();
    }
}
