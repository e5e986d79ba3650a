package jgpt.tokenizer;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * GPT-2's reversible map from bytes to printable characters, used to write byte-level tokens as
 * text in vocab.json, merges.txt and tokenizer.json: the printable Latin-1 bytes stand for
 * themselves, and the other 68 bytes (controls, space, DEL, NBSP, soft hyphen) are shifted to
 * U+0100 and up, in byte order.
 */
public final class ByteToUnicode {
    private static final char[] CHAR_OF_BYTE = new char[256];
    private static final int[] BYTE_OF_CHAR = new int[256 + 68];

    static {
        Arrays.fill(BYTE_OF_CHAR, -1);
        int shifted = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) (256 + shifted++);
            CHAR_OF_BYTE[b] = c;
            BYTE_OF_CHAR[c] = b;
        }
    }

    private ByteToUnicode() {
    }

    /** The characters that stand for bytes. */
    public static String encode(byte[] bytes) {
        var text = new StringBuilder(bytes.length);
        for (byte b : bytes) text.append(CHAR_OF_BYTE[b & 0xFF]);
        return text.toString();
    }

    /** The bytes that the characters of text stand for, or null if text has a character outside the map. */
    public static byte[] decode(String text) {
        var bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= BYTE_OF_CHAR.length || BYTE_OF_CHAR[c] < 0) return null;
            bytes.write(BYTE_OF_CHAR[c]);
        }
        return bytes.toByteArray();
    }

    /** Orders bytes as GPT-2's vocabulary orders its 256 single-byte tokens: by the character that stands for each. */
    static int[] bytesInGpt2Order() {
        Integer[] order = new Integer[256];
        for (int b = 0; b < 256; b++) order[b] = b;
        Arrays.sort(order, (x, y) -> Character.compare(CHAR_OF_BYTE[x], CHAR_OF_BYTE[y]));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }
}
