package jgpt.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Uploads that queue like kernels: cuMemcpyHtoDAsync from pageable memory makes the host wait for everything queued
 * (the driver synchronises the stream to stage the copy), which a batch's ids and targets would cost every
 * micro-batch. Data goes through a ring of {@value #SLOTS} page-locked staging buffers instead; a buffer is refilled
 * once the event marked behind its last copy has passed, which, {@value #SLOTS} uploads later, it all but always has.
 * Uploads above {@value #MAX_BYTES} bytes (a model's weights as it loads) take the pageable path.
 */
final class PinnedUploads {
    private static final int SLOTS = 8;
    private static final long MAX_BYTES = 4L << 20, MIN_BUFFER_BYTES = 64L << 10;

    private final CudaContext context;
    private final MemorySegment[] buffers = new MemorySegment[SLOTS];
    private final MemorySegment[] copied = new MemorySegment[SLOTS];   // each buffer's event, marked behind its copy
    private int next;

    PinnedUploads(CudaContext context) {
        this.context = context;
    }

    /** Copies data (any segment, a Java array's among them) to the device address dst, queued on the stream. */
    synchronized void upload(long dst, MemorySegment data) {
        long bytes = data.byteSize();
        if (bytes == 0) return;
        if (bytes > MAX_BYTES) {
            try (Arena arena = Arena.ofConfined()) {
                context.copyToDevice(dst, arena.allocate(bytes, 8).copyFrom(data), bytes);
            }
            return;
        }
        int slot = next;
        next = (next + 1) % SLOTS;
        if (copied[slot] == null) copied[slot] = context.createEvent();
        context.awaitMark(copied[slot]);
        MemorySegment buffer = buffer(slot, bytes);
        buffer.copyFrom(data);
        context.copyPinnedToDevice(dst, buffer, bytes);
        context.mark(copied[slot]);
    }

    // slot's buffer, grown to hold bytes (its last copy has finished, so an outgrown one may be freed); a slice of bytes
    private MemorySegment buffer(int slot, long bytes) {
        if (buffers[slot] == null || buffers[slot].byteSize() < bytes) {
            if (buffers[slot] != null) context.driver.freeHost(buffers[slot]);
            buffers[slot] = context.driver.allocateHost(Math.max(MIN_BUFFER_BYTES, Long.highestOneBit(bytes - 1) << 1));
        }
        return buffers[slot].asSlice(0, bytes);
    }
}
