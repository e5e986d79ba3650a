package jgpt.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of damage gets a {@link CorruptFileException} whose message is one sentence naming the file. */
class SafeTensorsCorruptFileTest {
    @TempDir
    Path dir;

    private static final String ONE_TENSOR = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";

    private void assertCorrupt(Path file, String expectedPhrase) {
        assertThatThrownBy(() -> SafeTensorsFile.open(file).close())
                .isInstanceOf(CorruptFileException.class)
                .satisfies(e -> assertOneSentenceNaming(e.getMessage(), file))
                .hasMessageContaining(expectedPhrase);
    }

    static void assertOneSentenceNaming(String message, Path file) {
        assertThat(message).contains(file.toString()).endsWith(".").doesNotContain("\n");
    }

    private Path withHeader(String header, byte[] data) {
        return RawSafeTensors.write(dir.resolve("bad.safetensors"), header, data);
    }

    private Path withTensor(String entry, int dataBytes) {
        return withHeader("{\"w\":" + entry + "}", new byte[dataBytes]);
    }

    @Test
    void goodFileOpens() {
        try (var file = SafeTensorsFile.open(withHeader(ONE_TENSOR, RawSafeTensors.float32(1.5f, -2f)))) {
            assertThat(file.readFloats("w")).containsExactly(1.5f, -2f);
        }
    }

    @Test
    void fileShorterThanTheLengthField() {
        assertCorrupt(RawSafeTensors.writeBytes(dir.resolve("short.safetensors"), new byte[5]), "5 bytes long");
        assertCorrupt(RawSafeTensors.writeBytes(dir.resolve("empty.safetensors"), new byte[0]), "0 bytes long");
    }

    @Test
    void headerLengthLargerThanTheFile() {
        byte[] header = ONE_TENSOR.getBytes();
        Path file = RawSafeTensors.write(dir.resolve("long.safetensors"), 1_000_000, header, new byte[8]);
        assertCorrupt(file, "announce a 1000000-byte header");
        Path negative = RawSafeTensors.write(dir.resolve("neg.safetensors"), -1, header, new byte[8]);
        assertCorrupt(negative, "announce a 18446744073709551615-byte header");
    }

    @Test
    void truncatedData() {
        assertCorrupt(withHeader(ONE_TENSOR, new byte[7]), "is truncated: tensor 'w' ends at byte 8");
    }

    @Test
    void malformedJson() {
        assertCorrupt(withHeader("{\"w\":{\"dtype\":\"F32\",", new byte[8]), "is not a valid JSON object");
        assertCorrupt(withHeader("[1, 2]", new byte[0]), "is not a valid JSON object");
        assertCorrupt(withHeader("{'w': 1}", new byte[0]), "is not a valid JSON object");
        assertCorrupt(withHeader(ONE_TENSOR + " x", new byte[8]), "is not a valid JSON object");
        assertCorrupt(withHeader("", new byte[0]), "is not a valid JSON object");
        assertCorrupt(withHeader("{\"w\": 3}", new byte[0]), "entry for tensor 'w' is not a JSON object");
        assertCorrupt(withHeader("{\"w\":{\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]), "no dtype");
    }

    @Test
    void headerThatIsNotUtf8() {
        byte[] header = {'{', '"', (byte) 0xC3, '"', ':', '1', '}'};
        assertCorrupt(RawSafeTensors.write(dir.resolve("latin.safetensors"), header.length, header, new byte[0]),
                "not UTF-8");
    }

    @Test
    void nameGivenTwice() {
        String entry = "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";
        assertCorrupt(withHeader("{\"w\":" + entry + ",\"w\":" + entry + "}", new byte[4]), "names 'w' twice");
    }

    @Test
    void unknownDType() {
        assertCorrupt(withTensor("{\"dtype\":\"Q7\",\"shape\":[2],\"data_offsets\":[0,8]}", 8), "unknown dtype 'Q7'");
        assertCorrupt(withTensor("{\"dtype\":\"f32\",\"shape\":[2],\"data_offsets\":[0,8]}", 8), "unknown dtype 'f32'");
    }

    @Test
    void offsetsOutOfRange() {
        assertCorrupt(withTensor("{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}", 8), "out of range");
        assertCorrupt(withTensor("{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]}", 8), "out of range");
        assertCorrupt(withTensor("{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0]}", 8), "out of range");
        assertCorrupt(withTensor("{\"dtype\":\"F32\",\"shape\":[2]}", 8), "out of range");
        assertCorrupt(withTensor("{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}", 8), "is truncated");
    }

    @Test
    void overlappingOffsets() {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        assertCorrupt(withHeader(header, new byte[12]), "tensors 'a' and 'b' overlap");
    }

    @Test
    void emptyTensorsMayShareAnOffset() {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        try (var file = SafeTensorsFile.open(withHeader(header, new byte[4]))) {
            assertThat(file.readFloats("a")).isEmpty();
        }
    }

    @Test
    void byteCountDisagreeingWithShape() {
        assertCorrupt(withTensor("{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}", 8),
                "tensor 'w' has 8 bytes of data, but shape [3] of F32 needs 12");
        assertCorrupt(withTensor("{\"dtype\":\"BF16\",\"shape\":[2,2],\"data_offsets\":[0,4]}", 8),
                "needs 8");
    }

    @Test
    void badShapes() {
        assertCorrupt(withTensor("{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}", 8), "has shape [-2]");
        assertCorrupt(withTensor("{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}", 8), "has shape [2.5]");
        assertCorrupt(withTensor("{\"dtype\":\"F32\",\"shape\":[2.0],\"data_offsets\":[0,8]}", 8), "has shape [2.0]");
        assertCorrupt(withTensor("{\"dtype\":\"F32\",\"shape\":[\"2\"],\"data_offsets\":[0,8]}", 8), "has shape");
        assertCorrupt(withTensor("{\"dtype\":\"F32\",\"shape\":[3000000000],\"data_offsets\":[0,8]}", 8),
                "dimensions must be integers from 0 to 2147483647");
        assertCorrupt(withTensor("{\"dtype\":\"F32\",\"shape\":2,\"data_offsets\":[0,8]}", 8), "no shape array");
        assertCorrupt(withTensor("{\"dtype\":\"F64\",\"shape\":[2147483647,2147483647,2147483647],"
                + "\"data_offsets\":[0,8]}", 8), "too many elements");
    }

    @Test
    void metadataMustMapStringsToStrings() {
        assertCorrupt(withHeader("{\"__metadata__\":{\"step\":3}}", new byte[0]), "value for 'step' is not a string");
        assertCorrupt(withHeader("{\"__metadata__\":[]}", new byte[0]), "__metadata__ is not a JSON object");
    }

    @Test
    void missingFileIsOneSentence() {
        Path missing = dir.resolve("nowhere.safetensors");
        assertThatThrownBy(() -> SafeTensorsFile.open(missing))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("Cannot read " + missing + ": no such file or directory.");
    }
}
