package jgpt.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import jgpt.io.Utf8;

/**
 * A UTF-8 text file read in pieces of about pieceBytes, so files larger than memory can be tokenized. A piece
 * ends after a single newline that sits between two non-space characters: GPT-2's pre-tokenizer splits there
 * anyway, so tokenizing the pieces one by one gives the same ids as tokenizing the whole file.
 */
final class TextPieces implements AutoCloseable {
    /** A piece's text and the number of file bytes it came from. */
    record Piece(String text, int bytes) {
    }

    private final Path file;
    private final InputStream in;
    private final int pieceBytes;
    private byte[] buffer;
    private int filled;
    private long consumed;
    private boolean eof;

    TextPieces(Path file, int pieceBytes) {
        this.file = file;
        this.pieceBytes = pieceBytes;
        this.buffer = new byte[pieceBytes * 2];
        try {
            this.in = Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The next piece, or null at the end of the file. */
    Piece next() {
        fillTo(pieceBytes + 1);
        if (filled == 0) return null;
        int cut = eof && filled <= pieceBytes ? filled : safeCut();
        Piece piece = new Piece(decode(cut), cut);
        System.arraycopy(buffer, cut, buffer, 0, filled - cut);
        filled -= cut;
        consumed += cut;
        return piece;
    }

    // after pieceBytes, the first "\n" between non-space ASCII characters; reading on up to 8 pieces for one,
    // then falling back to a character boundary
    private int safeCut() {
        int from = pieceBytes - 1;
        while (true) {
            for (int i = Math.max(from, 1); i + 1 < filled; i++) {
                if (buffer[i] == '\n' && !isSpace(buffer[i - 1]) && buffer[i + 1] > ' ' && buffer[i + 1] < 0x7f) return i + 1;
            }
            if (eof) return filled;
            if (filled >= pieceBytes * 8) break;
            from = Math.max(1, filled - 2);
            fillTo(filled + pieceBytes);
        }
        int cut = filled - 1;
        while (cut > 0 && (buffer[cut] & 0xC0) == 0x80) cut--;
        return cut > 0 ? cut : filled;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t' || b == 0x0B || b == '\f';
    }

    private void fillTo(int target) {
        if (buffer.length < target) buffer = Arrays.copyOf(buffer, Math.max(target, buffer.length * 2));
        try {
            while (!eof && filled < target) {
                int n = in.read(buffer, filled, target - filled);
                if (n < 0) eof = true;
                else filled += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private String decode(int length) {
        for (int i = 0; i < length; i++) {
            if (buffer[i] == 0) throw new IllegalArgumentException(file + " is not a text file (it holds NUL bytes at byte " + (consumed + i) + ")");
        }
        try {
            return Utf8.decodeStrictly(ByteBuffer.wrap(buffer, 0, length));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + " is not UTF-8 text (near byte " + consumed + "); convert it to UTF-8 first");
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // read-only: nothing is lost
        }
    }
}
