package jgpt.generate;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import jgpt.tokenizer.Tokenizer;

/**
 * Turns generated ids into text as they come: bytes of a character split across tokens wait for the rest,
 * and text that might be the start of a stop string is held back until it is known not to be one.
 */
final class TextStream {
    private final Tokenizer tokenizer;
    private final List<String> stopStrings;
    private final Consumer<String> out;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer bytes = ByteBuffer.allocate(64);
    private final StringBuilder pending = new StringBuilder();
    private final StringBuilder emitted = new StringBuilder();
    private boolean stopped;

    TextStream(Tokenizer tokenizer, List<String> stopStrings, Consumer<String> out) {
        this.tokenizer = tokenizer;
        this.stopStrings = stopStrings;
        this.out = out;
    }

    /** Adds one id; false once a stop string has appeared (the text before it has been emitted). */
    boolean accept(int id) {
        if (stopped) return false;
        byte[] b = tokenizer.decodeBytes(new int[] {id});
        if (bytes.remaining() < b.length) bytes = ByteBuffer.allocate(bytes.position() + b.length + 64).put(bytes.flip());
        bytes.put(b).flip();
        CharBuffer chars = CharBuffer.allocate(bytes.remaining() + 1);
        decoder.decode(bytes, chars, false);   // an incomplete last character stays in bytes
        bytes.compact();
        pending.append(chars.flip());
        for (String stop : stopStrings) {
            int at = pending.indexOf(stop);
            if (at >= 0) {
                emit(pending.substring(0, at));
                pending.setLength(0);
                stopped = true;
                return false;
            }
        }
        int hold = heldBack();
        emit(pending.substring(0, pending.length() - hold));
        pending.delete(0, pending.length() - hold);
        return true;
    }

    // the longest suffix of pending that begins some stop string
    private int heldBack() {
        int hold = 0;
        for (String stop : stopStrings) {
            for (int n = Math.min(stop.length() - 1, pending.length()); n > hold; n--) {
                if (pending.substring(pending.length() - n).equals(stop.substring(0, n))) {
                    hold = n;
                    break;
                }
            }
        }
        return hold;
    }

    /** Emits whatever is still held back (at the end of generation). */
    void finish() {
        if (stopped) return;
        bytes.flip();
        CharBuffer chars = CharBuffer.allocate(bytes.remaining() + 4);
        decoder.decode(bytes, chars, true);
        decoder.flush(chars);
        bytes.clear();
        pending.append(chars.flip());
        emit(pending.toString());
        pending.setLength(0);
    }

    private void emit(String text) {
        if (text.isEmpty()) return;
        emitted.append(text);
        out.accept(text);
    }

    /** All text emitted so far. */
    String text() {
        return emitted.toString();
    }

    boolean stopped() {
        return stopped;
    }
}
