package jgpt.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the regular files of a tar archive, gzip-compressed or not (npm's package tarballs, for one),
 * in archive order, without unpacking it to disk. Understands ustar names with prefixes and the long
 * names of pax ('x') and GNU ('L') headers.
 */
public final class TarArchive {
    private static final int BLOCK = 512;

    /** Receives one regular file of the archive: its path inside the archive and its bytes. */
    @FunctionalInterface
    public interface EntryVisitor {
        void visit(String name, byte[] content);
    }

    private TarArchive() {
    }

    /** Calls visitor with every regular file in the archive at path; a damaged archive gives a {@link CorruptFileException}. */
    public static void forEachFile(Path path, EntryVisitor visitor) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            try (InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
                readEntries(in, path, visitor);
            }
        } catch (EOFException e) {
            throw new CorruptFileException(path + " ends in the middle of a tar entry; the archive is truncated.", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the archive " + path + ": " + IoErrors.reason(e) + ".", e);
        }
    }

    private static void readEntries(InputStream in, Path path, EntryVisitor visitor) throws IOException {
        byte[] header = new byte[BLOCK];
        String longName = null;
        while (true) {
            int read = in.readNBytes(header, 0, BLOCK);
            if (read == 0 || (read == BLOCK && isZero(header))) return;
            if (read < BLOCK) throw new EOFException();
            long size = octal(header, 124, 12, path);
            char type = (char) header[156];
            byte[] content = readContent(in, size, path);
            switch (type) {
                case 'L' -> longName = cString(content, 0, content.length);
                case 'x' -> longName = paxPath(content, longName);
                case '0', '\0' -> {
                    visitor.visit(longName != null ? longName : ustarName(header), content);
                    longName = null;
                }
                default -> longName = null;   // directories, links, global pax headers: nothing to read
            }
        }
    }

    private static byte[] readContent(InputStream in, long size, Path path) throws IOException {
        if (size > Integer.MAX_VALUE - BLOCK) {
            throw new CorruptFileException(path + " holds a tar entry of " + size + " bytes, more than jgpt reads from an archive.");
        }
        byte[] content = in.readNBytes((int) size);
        if (content.length < size) throw new EOFException();
        long padding = (BLOCK - size % BLOCK) % BLOCK;
        in.skipNBytes(padding);
        return content;
    }

    private static String ustarName(byte[] header) {
        String name = cString(header, 0, 100);
        boolean ustar = new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? cString(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    /** The path record of a pax extended header ("LEN path=VALUE\n" records), or the name already known. */
    private static String paxPath(byte[] content, String known) {
        for (String record : new String(content, StandardCharsets.UTF_8).split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) return record.substring(space + 6);
        }
        return known;
    }

    private static long octal(byte[] header, int offset, int length, Path path) {
        String digits = cString(header, offset, length).strip();
        try {
            return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
        } catch (NumberFormatException e) {
            throw new CorruptFileException(path + " has a tar header with the size field '" + digits + "', which is not an octal number.");
        }
    }

    private static String cString(byte[] bytes, int offset, int length) {
        int end = offset;
        while (end < offset + length && bytes[end] != 0) end++;
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) return false;
        }
        return true;
    }
}
