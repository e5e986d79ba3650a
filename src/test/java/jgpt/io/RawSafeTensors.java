package jgpt.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes safetensors files byte by byte, independently of {@link SafeTensorsWriter}, good or broken. */
final class RawSafeTensors {
    private RawSafeTensors() {}

    /** A file with the given header text (its true length in front) followed by {@code data}. */
    static Path write(Path file, String header, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return write(file, json.length, json, data);
    }

    /** A file whose first 8 bytes claim {@code headerLength}, whatever the header really holds. */
    static Path write(Path file, long headerLength, byte[] header, byte[] data) {
        ByteBuffer bytes = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(headerLength).put(header).put(data);
        return writeBytes(file, bytes.array());
    }

    static Path writeBytes(Path file, byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Little-endian bytes of the given ints, each stored in {@code width} bytes (4 or 8). */
    static byte[] littleEndian(int width, long... values) {
        ByteBuffer b = ByteBuffer.allocate(width * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            if (width == 4) {
                b.putInt((int) v);
            } else {
                b.putLong(v);
            }
        }
        return b.array();
    }

    /** Little-endian bytes of the given floats as float32. */
    static byte[] float32(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }
}
