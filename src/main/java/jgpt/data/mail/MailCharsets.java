package jgpt.data.mail;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import jgpt.io.Utf8;

/** Turns the bytes of a mail part into text, forgiving the charset names and mislabelled bytes real mail has. */
final class MailCharsets {
    /** What mail that names no usable charset is nearly always written in (a superset of ISO-8859-1). */
    static final Charset FALLBACK = Charset.forName("windows-1252");

    private MailCharsets() {
    }

    /**
     * The charset called name, or the fallback when the name is missing, mangled or unknown. ISO-8859-1
     * and US-ASCII also map to the fallback: mail labelled so uses windows-1252's extra characters
     * (curly quotes, the euro sign) freely, as web browsers assume.
     */
    static Charset named(String name) {
        if (name == null || name.isBlank()) return FALLBACK;
        String cleaned = name.strip().replace("\"", "").replace("'", "");
        try {
            Charset charset = Charset.forName(cleaned);
            return charset.equals(StandardCharsets.ISO_8859_1) || charset.equals(StandardCharsets.US_ASCII) ? FALLBACK : charset;
        } catch (IllegalArgumentException e) {
            return FALLBACK;
        }
    }

    /**
     * Decodes bytes declared to be in charset. Bytes that are valid UTF-8 and not plain ASCII are read as
     * UTF-8 whatever the declaration says: mail often mislabels them, and valid UTF-8 almost never arises
     * by chance from another charset's non-ASCII bytes.
     */
    static String decode(byte[] bytes, Charset declared) {
        if (hasNonAscii(bytes)) {
            String utf8 = strictUtf8(bytes);
            if (utf8 != null) return utf8;
        }
        return new String(bytes, declared);
    }

    private static boolean hasNonAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) return true;
        }
        return false;
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return Utf8.decodeStrictly(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The bytes a string of ISO-8859-1 characters stands for (how the parser holds raw mail). */
    static byte[] rawBytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }
}
