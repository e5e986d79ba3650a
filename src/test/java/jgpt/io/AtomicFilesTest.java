package jgpt.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesAndReplacesWholeFiles() throws IOException {
        Path target = dir.resolve("sub/dir/notes.txt");
        AtomicFiles.write(target, out -> out.write("first".getBytes(StandardCharsets.UTF_8)));
        AtomicFiles.writeChannel(target, channel -> channel.write(ByteBuffer.wrap("second".getBytes(StandardCharsets.UTF_8))));
        assertThat(target).hasContent("second");
        try (var listing = Files.list(target.getParent())) {
            assertThat(listing).containsExactly(target);
        }
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("checkpoint.bin");
        Files.writeString(target, "good");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write("half of the new".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        })).isInstanceOf(UncheckedIOException.class).hasMessage("Could not write " + target + ": disk full.");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            throw new IllegalStateException("bug in the writer");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(target).hasContent("good");
        try (var listing = Files.list(dir)) {
            assertThat(listing).containsExactly(target);
        }
    }

    @Test
    void writerMayCloseItsStream() throws IOException {
        Path target = dir.resolve("data.gz");
        AtomicFiles.write(target, out -> {
            try (var gzip = new GZIPOutputStream(out)) {
                gzip.write("compressed".getBytes(StandardCharsets.UTF_8));
            }
        });
        try (var in = new GZIPInputStream(Files.newInputStream(target))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("compressed");
        }
    }

    @Test
    void newFilesAreReadableByOthersLikeAnyFile() throws IOException {
        Path target = dir.resolve("shared.txt");
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        AtomicFiles.write(target, out -> out.write('x'));
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(Files.getPosixFilePermissions(plain))
                .contains(PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void aTargetThatCannotBeWrittenIsOneSentence() throws IOException {
        Path blocker = Files.writeString(dir.resolve("file"), "x");
        Path target = blocker.resolve("inside.txt");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> out.write('x')))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("Could not write " + target + ": ")
                .hasMessageEndingWith(".");
    }
}
