package jgpt.io;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8: bytes that are not UTF-8 are an error, never replaced by U+FFFD as {@code new String(bytes, UTF_8)} does. */
public final class Utf8 {
    private Utf8() {
    }

    /** bytes as UTF-8 text; throws at the first malformed or unmappable sequence. */
    public static String decodeStrictly(ByteBuffer bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(bytes).toString();
    }
}
