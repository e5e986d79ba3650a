package jgpt.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file, memory-mapped: tensor data stays in the page cache and is read in place, so a
 * multi-gigabyte checkpoint costs no heap until a tensor is converted.
 *
 * <p>Layout: an 8-byte little-endian header length N, N bytes of JSON header naming each tensor's
 * dtype, shape and [begin, end) byte range in the data section, then the data section. The header
 * is checked in full on {@link #open}. The mapping is shared, so any thread may read; it stays
 * valid until {@link #close}, after which every segment from {@link #data} is unusable.
 */
public final class SafeTensorsFile implements AutoCloseable {
    static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort I16_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt I32_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong I64_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** The longest Java array the VM reliably allocates. */
    private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;
    private static final int HALF_CHUNK = 1 << 14;

    private final Path path;
    private final Arena arena;
    private final MemorySegment data;
    private final SafeTensorsHeader header;

    private SafeTensorsFile(Path path, Arena arena, MemorySegment data, SafeTensorsHeader header) {
        this.path = path;
        this.arena = arena;
        this.data = data;
        this.header = header;
    }

    /**
     * Opens and maps {@code path}, checking its header.
     *
     * @throws CorruptFileException if the file is not a well-formed safetensors file
     * @throws UncheckedIOException if it cannot be read
     */
    public static SafeTensorsFile open(Path path) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < Long.BYTES) {
                throw new CorruptFileException(path + " is not a safetensors file: it is " + size
                        + " bytes long, shorter than the 8-byte header length that starts the format.");
            }
            long headerLength = readFully(channel, 0, Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
            checkHeaderLength(path, headerLength, size);
            long dataStart = Long.BYTES + headerLength;
            byte[] json = readFully(channel, Long.BYTES, (int) headerLength).array();
            var header = SafeTensorsHeader.parse(path, json, size - dataStart);
            Arena arena = Arena.ofShared();
            try {
                MemorySegment file = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
                return new SafeTensorsFile(path, arena, file.asSlice(dataStart), header);
            } catch (IOException | RuntimeException e) {
                arena.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path + ": " + IoErrors.reason(e) + ".", e);
        }
    }

    private static void checkHeaderLength(Path path, long headerLength, long size) {
        if (headerLength < 0 || headerLength > size - Long.BYTES) {
            throw new CorruptFileException(path + " is truncated or not a safetensors file: its first 8 bytes announce a "
                    + Long.toUnsignedString(headerLength) + "-byte header, but only " + (size - Long.BYTES)
                    + " bytes follow them.");
        }
        if (headerLength > SafeTensorsHeader.MAX_HEADER_BYTES) {
            throw new CorruptFileException(path + " is not a valid safetensors file: its header is " + headerLength
                    + " bytes long, more than the " + SafeTensorsHeader.MAX_HEADER_BYTES + " the format allows.");
        }
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("the file ended while its header was read");
            }
        }
        return buffer.flip();
    }

    public Path path() {
        return path;
    }

    /** The tensors' names, in the order the header lists them. */
    public List<String> names() {
        return List.copyOf(header.tensors().keySet());
    }

    public boolean contains(String name) {
        return header.tensors().containsKey(name);
    }

    /** The header's {@code __metadata__} (empty if it has none). */
    public Map<String, String> metadata() {
        return header.metadata();
    }

    /** The header entry of tensor {@code name}; an {@link IllegalArgumentException} if there is none. */
    public TensorInfo info(String name) {
        TensorInfo info = header.tensors().get(name);
        if (info == null) {
            throw new IllegalArgumentException(path + " has no tensor named '" + name + "'.");
        }
        return info;
    }

    /** The bytes of tensor {@code name}, read-only and in place; elements are little-endian, row-major. */
    public MemorySegment data(String name) {
        TensorInfo info = info(name);
        return data.asSlice(info.begin(), info.byteSize());
    }

    /** Tensor {@code name} as floats: F32 copied, F16 and BF16 widened exactly. */
    public float[] readFloats(String name) {
        TensorInfo info = info(name);
        if (!info.dtype().isReadableAsFloat()) {
            throw unsupported(info, "floats (from F32, F16 or BF16)");
        }
        MemorySegment bytes = data(name);
        float[] out = new float[arrayLength(info)];
        switch (info.dtype()) {
            case F32 -> MemorySegment.copy(bytes, F32_LE, 0, out, 0, out.length);
            case F16, BF16 -> widenHalves(bytes, info.dtype(), out);
        }
        return out;
    }

    /** Widens 16-bit floats a chunk at a time: a bulk copy to an array, then a loop the JIT vectorises. */
    private static void widenHalves(MemorySegment bytes, SafeDType dtype, float[] out) {
        short[] chunk = new short[Math.min(out.length, HALF_CHUNK)];
        for (int start = 0; start < out.length; start += chunk.length) {
            int n = Math.min(chunk.length, out.length - start);
            MemorySegment.copy(bytes, I16_LE, 2L * start, chunk, 0, n);
            if (dtype == SafeDType.F16) {
                for (int i = 0; i < n; i++) {
                    out[start + i] = Float.float16ToFloat(chunk[i]);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    out[start + i] = BFloat16.toFloat(chunk[i]);
                }
            }
        }
    }

    /** Tensor {@code name} as ints: I32 copied, I64 narrowed (every value must fit in an int). */
    public int[] readInts(String name) {
        TensorInfo info = info(name);
        if (!info.dtype().isReadableAsInt()) {
            throw unsupported(info, "ints (from I32 or I64)");
        }
        MemorySegment bytes = data(name);
        int[] out = new int[arrayLength(info)];
        if (info.dtype() == SafeDType.I32) {
            MemorySegment.copy(bytes, I32_LE, 0, out, 0, out.length);
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            long value = bytes.getAtIndex(I64_LE, i);
            if (value != (int) value) {
                throw new IllegalArgumentException("Tensor '" + name + "' in " + path + " holds " + value
                        + " at index " + i + ", outside the int range.");
            }
            out[i] = (int) value;
        }
        return out;
    }

    private IllegalArgumentException unsupported(TensorInfo info, String what) {
        return new IllegalArgumentException("Tensor '" + info.name() + "' in " + path + " has unsupported dtype "
                + info.dtype() + " for reading as " + what + ".");
    }

    private int arrayLength(TensorInfo info) {
        if (info.elementCount() > MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException("Tensor '" + info.name() + "' in " + path + " has " + info.elementCount()
                    + " elements, more than one Java array holds; read it through data().");
        }
        return (int) info.elementCount();
    }

    /** Unmaps the file; segments from {@link #data} become unusable. */
    @Override
    public void close() {
        arena.close();
    }
}
