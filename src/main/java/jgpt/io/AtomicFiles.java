package jgpt.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers see either the old contents or the complete new ones, never a
 * half-written file: the bytes go to a temporary file in the target's directory, are forced to
 * disk, and the temporary file is then renamed over the target in one atomic step.
 *
 * <p>Failures (including the writer's own) leave the target untouched, remove the temporary file
 * and surface as an {@link UncheckedIOException} whose message names the target.
 */
public final class AtomicFiles {
    private static final int TEMP_NAME_ATTEMPTS = 100;

    private AtomicFiles() {}

    /** Writes {@code target} through a buffered stream; the writer need not (but may) close it. */
    public static void write(Path target, IOConsumer<OutputStream> writer) {
        writeChannel(target, channel -> {
            var stream = new BufferedOutputStream(new KeepOpen(Channels.newOutputStream(channel)), 1 << 16);
            writer.accept(stream);
            stream.flush();
        });
    }

    /** Writes {@code target} through a file channel positioned at 0; the writer must not close it. */
    public static void writeChannel(Path target, IOConsumer<FileChannel> writer) {
        Path directory = target.toAbsolutePath().getParent();
        Path temp = null;
        try {
            Files.createDirectories(directory);
            temp = createTemp(directory, target.getFileName().toString());
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                writer.accept(channel);
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
            syncDirectory(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + target + ": " + IoErrors.reason(e) + ".", e);
        } finally {
            deleteIfPresent(temp);
        }
    }

    /** A fresh hidden file beside the target, made with default permissions (createTempFile's are owner-only). */
    private static Path createTemp(Path directory, String targetName) throws IOException {
        for (int attempt = 1; ; attempt++) {
            String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong());
            try {
                return Files.createFile(directory.resolve("." + targetName + "." + suffix + ".tmp"));
            } catch (FileAlreadyExistsException e) {
                if (attempt == TEMP_NAME_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Makes the rename itself durable; some systems cannot open a directory, where this is skipped. */
    private static void syncDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException notSupportedHere) {
            // the file's own bytes were forced already; only the rename's durability is best effort
        }
    }

    private static void deleteIfPresent(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // the original failure is what the caller needs to hear about
        }
    }

    /** Lets a writer close its stream (or wrap it in one it closes) without closing the channel. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
