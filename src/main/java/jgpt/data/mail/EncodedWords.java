package jgpt.data.mail;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** RFC 2047 encoded words in header values, like {@code =?iso-8859-1?Q?Caf=E9?=} or {@code =?utf-8?B?...?=}. */
final class EncodedWords {
    private static final Pattern WORD = Pattern.compile("=\\?([^?\\s]+)\\?([bBqQ])\\?([^?\\s]*)\\?=");
    /** Whitespace between two encoded words is not part of the text (RFC 2047, section 6.2). */
    private static final Pattern GAP_BETWEEN_WORDS = Pattern.compile("(\\?=)\\s+(=\\?)");

    private EncodedWords() {
    }

    /** The header value with every encoded word replaced by the text it encodes. */
    static String decode(String value) {
        if (!value.contains("=?")) return value;
        Matcher m = WORD.matcher(GAP_BETWEEN_WORDS.matcher(value).replaceAll("$1$2"));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String charset = m.group(1).replaceFirst("\\*.*$", "");   // drop an RFC 2231 language tag
            byte[] bytes = m.group(2).equalsIgnoreCase("B")
                    ? TransferEncoding.base64(m.group(3))
                    : TransferEncoding.quotedPrintable(m.group(3).replace('_', ' '));
            m.appendReplacement(out, Matcher.quoteReplacement(MailCharsets.decode(bytes, MailCharsets.named(charset))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Header text as sent (ISO-8859-1 characters standing for bytes) to characters, then encoded words. */
    static String decodeRaw(String raw) {
        return decode(MailCharsets.decode(MailCharsets.rawBytes(raw), MailCharsets.FALLBACK));
    }
}
