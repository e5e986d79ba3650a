package jgpt.data.mail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The header fields of a message or MIME part: unfolded, names case-insensitive, values decoded
 * (RFC 2047 words), with the Content-Type split into its type and parameters.
 */
final class MimeHeaders {
    private final Map<String, String> fields;

    private MimeHeaders(Map<String, String> fields) {
        this.fields = fields;
    }

    /** Parses a header block (lines ending in \n; raw bytes as ISO-8859-1 characters). The first of a repeated field wins. */
    static MimeHeaders parse(String block) {
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> unfolded = unfold(block);
        for (String line : unfolded) {
            int colon = line.indexOf(':');
            if (colon <= 0 || line.substring(0, colon).contains(" ")) continue;   // mbox "From " lines and junk
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            fields.putIfAbsent(name, EncodedWords.decodeRaw(line.substring(colon + 1).strip()));
        }
        return new MimeHeaders(fields);
    }

    private static List<String> unfold(String block) {
        List<String> lines = new ArrayList<>();
        for (String line : block.split("\n")) {
            boolean continuation = !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
            if (continuation && !lines.isEmpty()) {
                lines.set(lines.size() - 1, lines.getLast() + " " + line.strip());
            } else {
                lines.add(line);
            }
        }
        return lines;
    }

    /** The value of the named field, or null. */
    String get(String name) {
        return fields.get(name.toLowerCase(Locale.ROOT));
    }

    /** The media type, lower case, like {@code text/html}; {@code text/plain} when absent or malformed. */
    String contentType() {
        String value = get("content-type");
        String type = value == null ? "" : value.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.contains("/") ? type : "text/plain";
    }

    /** A parameter of the Content-Type, like its charset or boundary, unquoted; null when absent. */
    String contentTypeParameter(String parameter) {
        String value = get("content-type");
        if (value == null) return null;
        for (String part : splitParameters(value)) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).strip().equalsIgnoreCase(parameter)) {
                return unquote(part.substring(eq + 1).strip());
            }
        }
        return null;
    }

    /** The ;-separated parts after the media type, keeping ; inside quotes. */
    private static List<String> splitParameters(String value) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : value.toCharArray()) {
            if (c == '"') quoted = !quoted;
            if (c == ';' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts.subList(1, parts.size());
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && s.startsWith("\"")) {
            int end = s.indexOf('"', 1);
            return end > 0 ? s.substring(1, end) : s.substring(1);
        }
        return s.split("\\s", 2)[0];
    }
}
