package jgpt.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files past 2 GiB (gpt2-xl's is about 6 GB) are mapped, not copied; a sparse file keeps the test cheap. */
class SafeTensorsLargeFileTest {
    @TempDir
    Path dir;

    @Test
    void mapsATensorLargerThanAnArray() throws IOException {
        long elements = 2_200_000_000L;
        long bytes = 2 * elements;
        String header = "{\"big\":{\"dtype\":\"BF16\",\"shape\":[2,1100000000],\"data_offsets\":[0," + bytes + "]},"
                + "\"tail\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[" + bytes + "," + (bytes + 8) + "]}}";
        Path path = RawSafeTensors.write(dir.resolve("big.safetensors"), header, new byte[0]);
        try (var raf = new RandomAccessFile(path.toFile(), "rw")) {
            long dataStart = raf.length();
            raf.setLength(dataStart + bytes + 8);
            raf.seek(dataStart + bytes - 2);
            raf.write(new byte[] {(byte) 0xD0, 0x40}); // bfloat16 6.5, little-endian
            raf.write(RawSafeTensors.float32(1f, 2f));
        }
        try (var file = SafeTensorsFile.open(path)) {
            assertThat(file.info("big").elementCount()).isEqualTo(elements);
            assertThat(file.data("big").byteSize()).isEqualTo(bytes);
            assertThat(BFloat16.toFloat(file.data("big").getAtIndex(SafeTensorsFile.I16_LE, elements - 1))).isEqualTo(6.5f);
            assertThat(file.data("big").get(ValueLayout.JAVA_BYTE, 3_000_000_000L)).isZero();
            assertThat(file.readFloats("tail")).containsExactly(1f, 2f);
            assertThatThrownBy(() -> file.readFloats("big")).hasMessageContaining("read it through data()");
        }
    }
}
