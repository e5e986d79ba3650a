package jgpt.tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import jgpt.io.AtomicFiles;

/** Reading UTF-8 text strictly, and writing files atomically, with errors in one sentence. */
public final class TextFiles {
    private TextFiles() {
    }

    /** The text of a UTF-8 file; throws IllegalArgumentException naming the first byte that is not UTF-8. */
    public static String readUtf8(Path file) {
        ByteBuffer bytes = ByteBuffer.wrap(readBytes(file));
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer text = CharBuffer.allocate(bytes.remaining());
        CoderResult result = decoder.decode(bytes, text, true);
        if (result.isError()) {
            throw new IllegalArgumentException(file + " is not valid UTF-8 text (byte offset " + bytes.position()
                    + "); convert it to UTF-8 first.");
        }
        decoder.flush(text);
        return text.flip().toString();
    }

    /** The bytes of a file; throws UncheckedIOException with one clear sentence. */
    public static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(file + " does not exist.", e);
        } catch (AccessDeniedException e) {
            throw new UncheckedIOException(file + " cannot be read: permission denied.", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage() + ".", e);
        }
    }

    /** Writes text as UTF-8 to a temporary file beside target, then renames it over target. */
    public static void writeAtomically(Path target, String text) {
        AtomicFiles.write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
