package jgpt.io;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed and checked JSON header of a safetensors file: its tensors in header order and its
 * {@code __metadata__}. Every way the header can disagree with itself or with the file's size is
 * turned into a {@link CorruptFileException} naming the file.
 */
record SafeTensorsHeader(Map<String, TensorInfo> tensors, Map<String, String> metadata) {

    static final String METADATA_KEY = "__metadata__";
    /** The limit the reference implementation puts on a header, and jgpt with it. */
    static final long MAX_HEADER_BYTES = 100L << 20;

    private static final TypeAdapter<JsonElement> JSON = new Gson().getAdapter(JsonElement.class);

    /** Parses the header bytes of {@code file}, whose data section holds {@code dataBytes} bytes. */
    static SafeTensorsHeader parse(Path file, byte[] headerBytes, long dataBytes) {
        var problems = new Problems(file);
        Map<String, JsonElement> entries = readEntries(problems, decodeUtf8(problems, headerBytes));
        var tensors = new LinkedHashMap<String, TensorInfo>();
        Map<String, String> metadata = Map.of();
        for (var entry : entries.entrySet()) {
            if (entry.getKey().equals(METADATA_KEY)) {
                metadata = readMetadata(problems, entry.getValue());
            } else {
                tensors.put(entry.getKey(), readTensor(problems, entry.getKey(), entry.getValue()));
            }
        }
        checkPlacement(problems, tensors.values(), dataBytes);
        return new SafeTensorsHeader(Collections.unmodifiableMap(tensors), metadata);
    }

    private static String decodeUtf8(Problems problems, byte[] bytes) {
        try {
            return Utf8.decodeStrictly(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw problems.invalid("its header is not UTF-8 text");
        }
    }

    /** The top-level object's members in order; read by hand so that a repeated name is caught. */
    private static Map<String, JsonElement> readEntries(Problems problems, String json) {
        var entries = new LinkedHashMap<String, JsonElement>();
        try (var reader = new JsonReader(new StringReader(json))) {
            reader.setStrictness(Strictness.STRICT);
            reader.beginObject();
            while (reader.hasNext()) {
                String name = reader.nextName();
                if (entries.put(name, JSON.read(reader)) != null) {
                    throw problems.invalid("its header names '" + name + "' twice");
                }
            }
            reader.endObject();
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw problems.invalid("its header has text after the JSON object");
            }
        } catch (IOException | IllegalStateException | JsonParseException e) {
            throw problems.invalid("its header is not a valid JSON object (" + gsonReason(e) + ")", e);
        }
        return entries;
    }

    /** Gson's message without its advice to programmers and its link to a troubleshooting guide. */
    private static String gsonReason(Exception e) {
        String message = String.valueOf(e.getMessage())
                .replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "malformed JSON");
        int link = message.indexOf("\nSee ");
        return link < 0 ? message : message.substring(0, link);
    }

    private static Map<String, String> readMetadata(Problems problems, JsonElement value) {
        if (!(value instanceof JsonObject object)) {
            throw problems.invalid("its " + METADATA_KEY + " is not a JSON object");
        }
        var metadata = new LinkedHashMap<String, String>();
        for (var entry : object.entrySet()) {
            if (!(entry.getValue() instanceof JsonPrimitive p) || !p.isString()) {
                throw problems.invalid("its " + METADATA_KEY + " value for '" + entry.getKey() + "' is not a string");
            }
            metadata.put(entry.getKey(), p.getAsString());
        }
        return Collections.unmodifiableMap(metadata);
    }

    private static TensorInfo readTensor(Problems problems, String name, JsonElement value) {
        if (!(value instanceof JsonObject entry)) {
            throw problems.invalid("the header entry for tensor '" + name + "' is not a JSON object");
        }
        SafeDType dtype = readDType(problems, name, entry.get("dtype"));
        int[] shape = readShape(problems, name, entry.get("shape"));
        long[] offsets = readOffsets(problems, name, entry.get("data_offsets"));
        long needed;
        try {
            needed = Math.multiplyExact(TensorInfo.elementCount(shape), dtype.byteSize());
        } catch (ArithmeticException e) {
            throw problems.invalid("tensor '" + name + "' has shape " + Arrays.toString(shape) + ", too many elements");
        }
        if (offsets[1] - offsets[0] != needed) {
            throw problems.invalid("tensor '" + name + "' has " + (offsets[1] - offsets[0]) + " bytes of data, but shape "
                    + Arrays.toString(shape) + " of " + dtype + " needs " + needed);
        }
        return new TensorInfo(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static SafeDType readDType(Problems problems, String name, JsonElement value) {
        if (!(value instanceof JsonPrimitive p) || !p.isString()) {
            throw problems.invalid("tensor '" + name + "' has no dtype string");
        }
        return SafeDType.fromHeaderName(p.getAsString()).orElseThrow(() ->
                problems.invalid("tensor '" + name + "' has unknown dtype '" + p.getAsString() + "'"));
    }

    private static int[] readShape(Problems problems, String name, JsonElement value) {
        if (!(value instanceof JsonArray array)) {
            throw problems.invalid("tensor '" + name + "' has no shape array");
        }
        int[] shape = new int[array.size()];
        for (int i = 0; i < shape.length; i++) {
            long d = nonNegativeInteger(array.get(i));
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw problems.invalid("tensor '" + name + "' has shape " + array
                        + "; dimensions must be integers from 0 to " + Integer.MAX_VALUE);
            }
            shape[i] = (int) d;
        }
        return shape;
    }

    private static long[] readOffsets(Problems problems, String name, JsonElement value) {
        long begin = -1;
        long end = -1;
        if (value instanceof JsonArray array && array.size() == 2) {
            begin = nonNegativeInteger(array.get(0));
            end = nonNegativeInteger(array.get(1));
        }
        if (begin < 0 || end < begin) {
            throw problems.invalid("tensor '" + name + "' has data_offsets " + value
                    + " out of range; they must be two non-negative integers [begin, end] with begin <= end");
        }
        return new long[] {begin, end};
    }

    /** The value of a plain decimal integer literal, or -1 for anything else (signs, fractions, exponents). */
    private static long nonNegativeInteger(JsonElement value) {
        if (!(value instanceof JsonPrimitive p) || !p.isNumber() || !p.getAsString().matches("[0-9]+")) {
            return -1;
        }
        try {
            return Long.parseLong(p.getAsString());
        } catch (NumberFormatException tooLarge) {
            return -1;
        }
    }

    /** Every tensor must lie inside the data section, and no two may share a byte. */
    private static void checkPlacement(Problems problems, Iterable<TensorInfo> tensors, long dataBytes) {
        List<TensorInfo> byBegin = new ArrayList<>();
        for (TensorInfo t : tensors) {
            if (t.end() > dataBytes) {
                throw problems.truncated("tensor '" + t.name() + "' ends at byte " + t.end()
                        + " of the data section, but the file holds only " + dataBytes + " bytes of data");
            }
            if (t.byteSize() > 0) {
                byBegin.add(t);
            }
        }
        byBegin.sort(Comparator.comparingLong(TensorInfo::begin));
        for (int i = 1; i < byBegin.size(); i++) {
            TensorInfo previous = byBegin.get(i - 1);
            TensorInfo t = byBegin.get(i);
            if (t.begin() < previous.end()) {
                throw problems.invalid("tensors '" + previous.name() + "' and '" + t.name() + "' overlap (data bytes ["
                        + previous.begin() + ", " + previous.end() + ") and [" + t.begin() + ", " + t.end() + "))");
            }
        }
    }

    /** Builds the one-sentence messages, each naming the file. */
    record Problems(Path file) {
        CorruptFileException invalid(String reason) {
            return new CorruptFileException(file + " is not a valid safetensors file: " + reason + ".");
        }

        CorruptFileException invalid(String reason, Throwable cause) {
            return new CorruptFileException(file + " is not a valid safetensors file: " + reason + ".", cause);
        }

        CorruptFileException truncated(String reason) {
            return new CorruptFileException(file + " is truncated: " + reason + ".");
        }
    }
}
