package jgpt.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsRoundTripTest {
    @TempDir
    Path dir;

    /** Random values of every magnitude plus the awkward ones: signed zeros, subnormals, extremes, inf, NaN. */
    static float[] testValues(long seed, int count) {
        float[] special = {0f, -0f, 1f, -1f, Float.MIN_VALUE, -Float.MIN_NORMAL, Float.MAX_VALUE, 65504f, 65520f,
                5.9604645e-8f, 1f / 3, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
        var random = new SplittableRandom(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = i < special.length ? special[i]
                    : (float) (random.nextGaussian() * Math.pow(10, random.nextInt(-12, 12)));
        }
        return values;
    }

    private static int[] rawBits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    @Test
    void floatTypesRoundTripBitExactly() {
        float[] values = testValues(7, 3001);
        Path path = dir.resolve("model.safetensors");
        new SafeTensorsWriter()
                .add("f32", SafeDType.F32, new int[] {3001}, values)
                .add("bf16", SafeDType.BF16, new int[] {3, 1000, 1}, java.util.Arrays.copyOf(values, 3000))
                .add("f16", SafeDType.F16, new int[] {1, 3001}, values)
                .metadata("format", "pt")
                .metadata("step", "12")
                .write(path);

        try (var file = SafeTensorsFile.open(path)) {
            assertThat(file.names()).containsExactlyInAnyOrder("f32", "bf16", "f16");
            assertThat(file.metadata()).containsExactly(Map.entry("format", "pt"), Map.entry("step", "12"));
            assertThat(file.info("bf16").shape()).containsExactly(3, 1000, 1);
            assertThat(file.info("f16").dtype()).isEqualTo(SafeDType.F16);
            assertThat(rawBits(file.readFloats("f32"))).containsExactly(rawBits(values));

            float[] bf16 = file.readFloats("bf16");
            float[] f16 = file.readFloats("f16");
            for (int i = 0; i < 3000; i++) {
                if (Float.isNaN(values[i])) {
                    assertThat(bf16[i]).isNaN();
                } else {
                    assertThat(Float.floatToRawIntBits(bf16[i])).as("bf16 of %s", values[i]).isEqualTo(
                            Float.floatToRawIntBits(BFloat16.toFloat(BFloat16Test.nearestBFloat16(values[i]))));
                }
            }
            for (int i = 0; i < values.length; i++) {
                assertThat(Float.floatToRawIntBits(f16[i])).as("f16 of %s", values[i])
                        .isEqualTo(Float.floatToRawIntBits(Float.float16ToFloat(Float.floatToFloat16(values[i]))));
            }
        }
    }

    /** The bytes on disk, read without the reader: header length, padding, order, offsets, known F16 patterns. */
    @Test
    void layoutOnDiskFollowsTheFormat() throws IOException {
        Path path = dir.resolve("layout.safetensors");
        new SafeTensorsWriter()
                .add("half", SafeDType.F16, new int[] {6}, new float[] {1f, -2f, 65504f, 65520f, 5.9604645e-8f, 1f / 3})
                .add("single", SafeDType.F32, new int[] {2}, new float[] {1.5f, -0f})
                .write(path);
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) bytes.getLong(0);
        assertThat(headerLength % 8).isZero();
        String header = new String(bytes.array(), 8, headerLength, StandardCharsets.UTF_8);
        JsonObject json = JsonParser.parseString(header).getAsJsonObject();
        assertThat(json.has("__metadata__")).isFalse();
        assertThat(json.getAsJsonObject("single").get("data_offsets").toString()).isEqualTo("[0,8]");
        assertThat(json.getAsJsonObject("half").get("data_offsets").toString()).isEqualTo("[8,20]");
        assertThat(header.strip()).isEqualTo(header.substring(0, header.lastIndexOf('}') + 1));
        assertThat(bytes.array().length).isEqualTo(8 + headerLength + 20);

        int data = 8 + headerLength;
        assertThat(bytes.getFloat(data)).isEqualTo(1.5f);
        assertThat(bytes.getInt(data + 4)).isEqualTo(0x80000000);
        short[] expectedHalf = {0x3C00, (short) 0xC000, 0x7BFF, 0x7C00, 0x0001, 0x3555};
        for (int i = 0; i < expectedHalf.length; i++) {
            assertThat(bytes.getShort(data + 8 + 2 * i)).as("half %d", i).isEqualTo(expectedHalf[i]);
        }
    }

    @Test
    void scalarsAndEmptyTensors() {
        Path path = dir.resolve("odd.safetensors");
        new SafeTensorsWriter()
                .add("scalar", SafeDType.F32, new int[0], new float[] {42f})
                .add("empty", SafeDType.BF16, new int[] {0, 5}, new float[0])
                .write(path);
        try (var file = SafeTensorsFile.open(path)) {
            assertThat(file.info("scalar").shape()).isEmpty();
            assertThat(file.readFloats("scalar")).containsExactly(42f);
            assertThat(file.readFloats("empty")).isEmpty();
            assertThat(file.data("empty").byteSize()).isZero();
            assertThat(file.metadata()).isEmpty();
        }
    }

    @Test
    void writeReplacesAnExistingFileAndLeavesNoTemporaryFiles() throws IOException {
        Path path = dir.resolve("ckpt.safetensors");
        new SafeTensorsWriter().add("a", SafeDType.F32, new int[] {1}, new float[] {1}).write(path);
        new SafeTensorsWriter().add("b", SafeDType.F32, new int[] {1}, new float[] {2}).write(path);
        try (var file = SafeTensorsFile.open(path); var listing = Files.list(dir)) {
            assertThat(file.names()).containsExactly("b");
            assertThat(listing).containsExactly(path);
        }
    }

    @Test
    void writerRejectsInconsistentInput() {
        var writer = new SafeTensorsWriter().add("a", SafeDType.F32, new int[] {2}, new float[2]);
        assertThatThrownBy(() -> writer.add("a", SafeDType.F32, new int[] {1}, new float[1]))
                .hasMessage("A tensor cannot be named 'a': the name is reserved or taken.");
        assertThatThrownBy(() -> writer.add("__metadata__", SafeDType.F32, new int[] {1}, new float[1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.add("b", SafeDType.F32, new int[] {2, 2}, new float[3]))
                .hasMessage("Tensor 'b' has shape [2, 2] but 3 values.");
        assertThatThrownBy(() -> writer.add("c", SafeDType.I32, new int[] {1}, new float[1]))
                .hasMessage("Tensor 'c' cannot be stored as I32: floats are written as F32, BF16 or F16.");
    }

    @Test
    void readsIntegerTensors() {
        String header = "{\"i32\":{\"dtype\":\"I32\",\"shape\":[3],\"data_offsets\":[0,12]},"
                + "\"i64\":{\"dtype\":\"I64\",\"shape\":[3],\"data_offsets\":[16,40]},"
                + "\"big\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[40,48]}}";
        byte[] data = ByteBuffer.allocate(48)
                .put(RawSafeTensors.littleEndian(4, -7, 50256, Integer.MIN_VALUE)).put(new byte[4])
                .put(RawSafeTensors.littleEndian(8, 1, -2, Integer.MAX_VALUE))
                .put(RawSafeTensors.littleEndian(8, 1L << 40)).array();
        Path path = RawSafeTensors.write(dir.resolve("ids.safetensors"), header, data);
        try (var file = SafeTensorsFile.open(path)) {
            assertThat(file.readInts("i32")).containsExactly(-7, 50256, Integer.MIN_VALUE);
            assertThat(file.readInts("i64")).containsExactly(1, -2, Integer.MAX_VALUE);
            assertThatThrownBy(() -> file.readInts("big"))
                    .hasMessage("Tensor 'big' in " + path + " holds 1099511627776 at index 0, outside the int range.");
            assertThatThrownBy(() -> file.readFloats("i32"))
                    .hasMessage("Tensor 'i32' in " + path + " has unsupported dtype I32 for reading as floats (from F32, F16 or BF16).");
            assertThatThrownBy(() -> file.info("nope"))
                    .hasMessage(path + " has no tensor named 'nope'.");
        }
    }

    @Test
    void otherDTypesOpenButDoNotConvert() {
        String header = "{\"mask\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[0,3]}}";
        Path path = RawSafeTensors.write(dir.resolve("mask.safetensors"), header, new byte[] {1, 0, 1});
        try (var file = SafeTensorsFile.open(path)) {
            assertThat(file.data("mask").toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)).containsExactly(1, 0, 1);
            assertThatThrownBy(() -> file.readInts("mask")).hasMessageContaining("unsupported dtype BOOL");
        }
    }
}
