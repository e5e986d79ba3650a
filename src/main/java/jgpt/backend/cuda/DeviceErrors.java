package jgpt.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Bad indices found by kernels (a token id or target outside the vocabulary) cannot throw on the GPU: the
 * first one is recorded in a small device buffer as (code, value, limit) and turned into the CPU backend's
 * exception at the next synchronisation (a download).
 */
final class DeviceErrors {
    static final int EMBEDDING_ID = 1, CROSS_ENTROPY_TARGET = 2;

    private final CudaContext context;
    private final long flag;

    DeviceErrors(CudaContext context) {
        this.context = context;
        context.makeCurrent();
        this.flag = context.driver.allocate(16);
        if (flag == 0) throw new CudaException("out of GPU memory at start-up");
        context.fill32(flag, 0, 4);
    }

    /** The device address kernels report to. */
    long address() {
        return flag;
    }

    /** Throws the recorded error, if any, and clears it; call after a synchronisation. */
    void throwIfSet() {
        int[] words;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(JAVA_INT, 4);
            context.copyToHostAfterWait(host, flag, 16);
            words = host.toArray(JAVA_INT);
        }
        if (words[0] == 0) return;
        context.fill32(flag, 0, 4);
        throw switch (words[0]) {
            case EMBEDDING_ID -> new IllegalArgumentException("embedding: token id " + words[1] + " is outside the vocabulary of " + words[2]);
            case CROSS_ENTROPY_TARGET -> new IllegalArgumentException("crossEntropy: target id " + words[1] + " is outside the vocabulary of " + words[2]);
            default -> new CudaException("a kernel reported error code " + words[0]);
        };
    }
}
