package jgpt.io;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects named float tensors and metadata, then writes them as one safetensors file, atomically
 * (see {@link AtomicFiles}). Tensors are stored as F32, or narrowed to BF16 (round to nearest even)
 * or F16 (the JDK's correctly rounded conversion). The arrays are kept by reference until
 * {@link #write}: do not change them in between.
 */
public final class SafeTensorsWriter {
    private static final int CHUNK_BYTES = 1 << 20;

    private record Entry(String name, SafeDType dtype, int[] shape, float[] values) {}

    private final Map<String, Entry> tensors = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    /** Adds tensor {@code name} of the given shape (row-major {@code values}), to be stored as {@code dtype}. */
    public SafeTensorsWriter add(String name, SafeDType dtype, int[] shape, float[] values) {
        if (name.equals(SafeTensorsHeader.METADATA_KEY) || tensors.containsKey(name)) {
            throw new IllegalArgumentException("A tensor cannot be named '" + name + "': the name is reserved or taken.");
        }
        if (dtype != SafeDType.F32 && dtype != SafeDType.BF16 && dtype != SafeDType.F16) {
            throw new IllegalArgumentException("Tensor '" + name + "' cannot be stored as " + dtype
                    + ": floats are written as F32, BF16 or F16.");
        }
        if (Arrays.stream(shape).anyMatch(d -> d < 0) || TensorInfo.elementCount(shape) != values.length) {
            throw new IllegalArgumentException("Tensor '" + name + "' has shape " + Arrays.toString(shape)
                    + " but " + values.length + " values.");
        }
        tensors.put(name, new Entry(name, dtype, shape.clone(), values));
        return this;
    }

    /** Adds a {@code __metadata__} entry. */
    public SafeTensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** Writes everything added so far to {@code target}, replacing it atomically. */
    public void write(Path target) {
        List<Entry> inDataOrder = dataOrder();
        byte[] header = header(inDataOrder);
        AtomicFiles.writeChannel(target, channel -> {
            ByteBuffer length = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
            writeFully(channel, length);
            writeFully(channel, ByteBuffer.wrap(header));
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment chunk = arena.allocate(CHUNK_BYTES);
                for (Entry e : inDataOrder) {
                    writeValues(channel, chunk, e);
                }
            }
        });
    }

    /** Wider types first, so that every tensor starts at a multiple of its element size. */
    private List<Entry> dataOrder() {
        var order = new ArrayList<>(tensors.values());
        order.sort(Comparator.comparingInt((Entry e) -> e.dtype().byteSize()).reversed());
        return order;
    }

    /** The JSON header, padded with spaces to a multiple of 8 bytes so that the data starts aligned. */
    private byte[] header(List<Entry> inDataOrder) {
        var text = new StringWriter();
        try (var json = new JsonWriter(text)) {
            json.beginObject();
            if (!metadata.isEmpty()) {
                json.name(SafeTensorsHeader.METADATA_KEY).beginObject();
                for (var m : metadata.entrySet()) {
                    json.name(m.getKey()).value(m.getValue());
                }
                json.endObject();
            }
            long offset = 0;
            for (Entry e : inDataOrder) {
                long end = offset + (long) e.values().length * e.dtype().byteSize();
                json.name(e.name()).beginObject().name("dtype").value(e.dtype().name()).name("shape").beginArray();
                for (int d : e.shape()) {
                    json.value(d);
                }
                json.endArray().name("data_offsets").beginArray().value(offset).value(end).endArray().endObject();
                offset = end;
            }
            json.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] padded = Arrays.copyOf(bytes, (bytes.length + 7) & ~7);
        Arrays.fill(padded, bytes.length, padded.length, (byte) ' ');
        return padded;
    }

    /** Converts the values to little-endian bytes a chunk at a time and writes them. */
    private static void writeValues(FileChannel channel, MemorySegment chunk, Entry e) throws IOException {
        int perChunk = CHUNK_BYTES / e.dtype().byteSize();
        float[] values = e.values();
        for (int start = 0; start < values.length; start += perChunk) {
            int n = Math.min(perChunk, values.length - start);
            switch (e.dtype()) {
                case F32 -> MemorySegment.copy(values, start, chunk, SafeTensorsFile.F32_LE, 0, n);
                case BF16 -> {
                    for (int i = 0; i < n; i++) {
                        chunk.setAtIndex(SafeTensorsFile.I16_LE, i, BFloat16.fromFloat(values[start + i]));
                    }
                }
                case F16 -> {
                    for (int i = 0; i < n; i++) {
                        chunk.setAtIndex(SafeTensorsFile.I16_LE, i, Float.floatToFloat16(values[start + i]));
                    }
                }
                default -> throw new IllegalStateException("add() admits only float types, not " + e.dtype());
            }
            writeFully(channel, chunk.asSlice(0, (long) n * e.dtype().byteSize()).asByteBuffer());
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
