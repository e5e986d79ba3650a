package jgpt.data.mail;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.Locale;

/** Undoes a part's Content-Transfer-Encoding (base64, quoted-printable, or none), leniently. */
final class TransferEncoding {
    private TransferEncoding() {
    }

    /** The bytes of body (raw mail held as ISO-8859-1 characters) under the named encoding; null means none. */
    static byte[] decode(String encoding, String body) {
        String name = encoding == null ? "" : encoding.strip().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "base64" -> base64(body);
            case "quoted-printable" -> quotedPrintable(body);
            default -> MailCharsets.rawBytes(body);
        };
    }

    /** Decodes base64, skipping line breaks and stray characters and tolerating missing padding. */
    static byte[] base64(String body) {
        StringBuilder digits = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '=') break;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/') digits.append(c);
        }
        // a lone trailing digit carries fewer than 8 bits: no byte to decode
        if (digits.length() % 4 == 1) digits.setLength(digits.length() - 1);
        return Base64.getDecoder().decode(digits.toString() + "==".substring(0, (4 - digits.length() % 4) % 4));
    }

    /** Decodes quoted-printable: =XX is one byte, = at a line's end joins lines; a malformed = stays as it is. */
    static byte[] quotedPrintable(String body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length());
        int n = body.length();
        for (int i = 0; i < n; i++) {
            char c = body.charAt(i);
            if (c != '=') {
                out.write(c);
                continue;
            }
            int softBreak = softLineBreak(body, i + 1);
            if (softBreak >= 0) {
                i += softBreak;
            } else if (i + 2 < n && hex(body.charAt(i + 1)) >= 0 && hex(body.charAt(i + 2)) >= 0) {
                out.write(hex(body.charAt(i + 1)) * 16 + hex(body.charAt(i + 2)));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    /**
     * How many characters after an = belong to a soft line break (optional spaces, then \n, \r\n or the
     * end of the body), or -1 when the = starts no soft break.
     */
    private static int softLineBreak(String body, int from) {
        int i = from;
        while (i < body.length() && (body.charAt(i) == ' ' || body.charAt(i) == '\t')) i++;
        if (i == body.length()) return i - from;
        if (body.charAt(i) == '\r') i++;
        if (i < body.length() && body.charAt(i) == '\n') return i + 1 - from;
        return -1;
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
