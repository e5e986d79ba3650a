package jgpt.data.pretrain;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import jgpt.io.IoErrors;
import jgpt.tokenizer.TextFiles;

/** Reading the fetched sources: gzip (and dictzip) unpacked, and bytes that are not UTF-8 dropped. */
final class RawFiles {
    private RawFiles() {
    }

    /** The file as text; some sources are cut mid-character, and dropping the broken bytes keeps the rest. */
    static String readLenientUtf8(Path file) {
        byte[] bytes = TextFiles.readBytes(file);
        String name = file.getFileName().toString();
        if (name.endsWith(".gz") || name.endsWith(".dz")) {
            bytes = gunzip(file, bytes);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.IGNORE)
                    .onUnmappableCharacter(CodingErrorAction.IGNORE)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException cannotHappenWhenIgnoring) {
            throw new IllegalStateException(cannotHappenWhenIgnoring);
        }
    }

    /** The regular files (not links) of a folder whose names pass, hidden ones left out, sorted by name. */
    static List<Path> filesIn(Path folder, Predicate<String> name) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))
                    .filter(path -> !path.getFileName().toString().startsWith("."))
                    .filter(path -> name.test(path.getFileName().toString()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + folder + ": " + IoErrors.reason(e) + ".", e);
        }
    }

    private static byte[] gunzip(Path file, byte[] packed) {
        try (var in = new GZIPInputStream(new ByteArrayInputStream(packed))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not a readable gzip file: " + IoErrors.reason(e) + ".", e);
        }
    }
}
