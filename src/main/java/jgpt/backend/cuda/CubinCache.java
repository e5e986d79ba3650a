package jgpt.backend.cuda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;
import jgpt.io.AtomicFiles;

/**
 * Compiled kernels kept on disk, so that a second start skips NVRTC: one file per kernel family, named by a hash of
 * everything the compilation depends on (the sources, the architecture, the NVRTC version). The folder is
 * JGPT_KERNEL_CACHE, else ~/.cache/jgpt/kernels; a cache that cannot be read or written is passed over (the kernels
 * are compiled as if there were none), and files are written atomically, so a reader never sees half of one.
 */
final class CubinCache {
    private final Path folder;

    CubinCache(Path folder) {
        this.folder = folder;
    }

    /** The cache in JGPT_KERNEL_CACHE, else in the user's ~/.cache/jgpt/kernels. */
    static CubinCache standard() {
        String configured = System.getenv("JGPT_KERNEL_CACHE");
        Path folder = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "jgpt", "kernels");
        return new CubinCache(folder);
    }

    /** The cubin for key's inputs: from disk when it is there, else compiled and then stored. */
    byte[] get(String name, String inputs, Supplier<byte[]> compile) {
        Path file = folder.resolve(name + "-" + hash(inputs) + ".cubin");
        try {
            if (Files.isRegularFile(file)) return Files.readAllBytes(file);
        } catch (IOException unreadable) {
            // compile instead
        }
        byte[] cubin = compile.get();
        try {
            Files.createDirectories(folder);
            AtomicFiles.write(file, out -> out.write(cubin));
        } catch (IOException | RuntimeException unwritable) {
            // the next start compiles again
        }
        return cubin;
    }

    private static String hash(String inputs) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(inputs.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
