package jgpt.backend.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk kernel cache, with a counting stand-in for NVRTC (no GPU needed). */
class CubinCacheTest {
    private final AtomicInteger compilations = new AtomicInteger();

    private Supplier<byte[]> compiler(String output) {
        return () -> {
            compilations.incrementAndGet();
            return output.getBytes();
        };
    }

    @Test
    void aSecondStartReadsWhatTheFirstCompiled(@TempDir Path dir) {
        var cache = new CubinCache(dir.resolve("kernels"));
        assertThat(cache.get("Family", "source v1, sm_90", compiler("cubin 1"))).isEqualTo("cubin 1".getBytes());
        assertThat(new CubinCache(dir.resolve("kernels")).get("Family", "source v1, sm_90", compiler("other"))).isEqualTo("cubin 1".getBytes());
        assertThat(compilations).hasValue(1);
    }

    @Test
    void changedSourcesOrArchitectureCompileAgain(@TempDir Path dir) {
        var cache = new CubinCache(dir);
        cache.get("Family", "source v1, sm_90", compiler("a"));
        assertThat(cache.get("Family", "source v2, sm_90", compiler("b"))).isEqualTo("b".getBytes());
        assertThat(cache.get("Family", "source v1, sm_100", compiler("c"))).isEqualTo("c".getBytes());
        assertThat(compilations).hasValue(3);
        assertThat(cache.get("Family", "source v2, sm_90", compiler("d"))).isEqualTo("b".getBytes());
    }

    @Test
    void aCacheThatCannotBeWrittenIsPassedOver(@TempDir Path dir) throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");
        var cache = new CubinCache(notAFolder.resolve("kernels"));
        assertThat(cache.get("Family", "inputs", compiler("a"))).isEqualTo("a".getBytes());
        assertThat(cache.get("Family", "inputs", compiler("a"))).isEqualTo("a".getBytes());
        assertThat(compilations).hasValue(2);
    }
}
