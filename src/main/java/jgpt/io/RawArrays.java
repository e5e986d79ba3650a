package jgpt.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Headerless little-endian arrays of float32 or int32, row-major: the {@code .bin} files of logits and token
 * ids that jgpt and the reference fixtures exchange (numpy's {@code tofile} writes the same bytes).
 */
public final class RawArrays {
    private RawArrays() {
    }

    public static float[] readFloats(Path file) {
        ByteBuffer bytes = readWords(file);
        float[] out = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(out);
        return out;
    }

    public static int[] readInts(Path file) {
        ByteBuffer bytes = readWords(file);
        int[] out = new int[bytes.remaining() / Integer.BYTES];
        bytes.asIntBuffer().get(out);
        return out;
    }

    /** Writes values as little-endian float32, atomically. */
    public static void writeFloats(Path file, float[] values) {
        AtomicFiles.write(file, out -> {
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) {
                if (!chunk.hasRemaining()) {
                    out.write(chunk.array(), 0, chunk.position());
                    chunk.clear();
                }
                chunk.putFloat(v);
            }
            out.write(chunk.array(), 0, chunk.position());
        });
    }

    private static ByteBuffer readWords(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + IoErrors.reason(e) + ".", e);
        }
        if (bytes.length % 4 != 0) {
            throw new CorruptFileException(file + " is " + bytes.length + " bytes long, not a whole number of 4-byte values.");
        }
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
