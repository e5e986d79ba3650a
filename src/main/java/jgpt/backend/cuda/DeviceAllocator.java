package jgpt.backend.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Device memory handed out in size buckets and kept in free lists when released, because cuMemAlloc is
 * slow and cuMemFree synchronises the device. Releases come from the Cleaner thread, so the lists are
 * guarded by this object's lock; only allocate() calls into the driver. When the device is full the garbage
 * collector is asked to return blocks of unreachable tensors, and then the cached blocks are freed.
 */
final class DeviceAllocator {
    private static final long SMALL = 1L << 20, LARGE_STEP = 2L << 20;
    private static final int ATTEMPTS = 4;

    private final CudaContext context;
    private final Map<Long, ArrayDeque<Long>> free = new HashMap<>();
    private long liveBytes, cachedBytes;

    DeviceAllocator(CudaContext context) {
        this.context = context;
    }

    /** The bucket a request of bytes is served from: powers of two from 512 bytes to 1 MiB, then multiples of 2 MiB. */
    static long bucket(long bytes) {
        if (bytes <= 0) return 0;
        if (bytes <= SMALL) return Math.max(512, Long.highestOneBit(bytes - 1) << 1);
        return Math.ceilDiv(bytes, LARGE_STEP) * LARGE_STEP;
    }

    /** A device pointer to at least bytes (0 for an empty request). */
    long allocate(long bytes) {
        long size = bucket(bytes);
        if (size == 0) return 0;
        for (int attempt = 0; ; attempt++) {
            synchronized (this) {
                ArrayDeque<Long> list = free.get(size);
                if (list != null && !list.isEmpty()) {
                    cachedBytes -= size;
                    liveBytes += size;
                    return list.pop();
                }
            }
            context.makeCurrent();
            long pointer = context.driver.allocate(size);
            if (pointer != 0) {
                synchronized (this) {
                    liveBytes += size;
                }
                return pointer;
            }
            if (attempt == ATTEMPTS) throw outOfMemory(size);
            // first let the collector return blocks of unreachable tensors, which are then reused as they are;
            // only when that is not enough are the cached blocks of other sizes freed
            awaitCollection(size, attempt);
            if (attempt > 0) freeCached();
        }
    }

    /** Returns a block from allocate(bytes) to its free list; safe on any thread. */
    synchronized void release(long pointer, long bytes) {
        long size = bucket(bytes);
        if (size == 0) return;
        free.computeIfAbsent(size, s -> new ArrayDeque<>()).push(pointer);
        liveBytes -= size;
        cachedBytes += size;
    }

    /** Frees every cached block, after the work that may still use them has finished. */
    void freeCached() {
        context.synchronize();
        synchronized (this) {
            free.values().forEach(list -> list.forEach(context.driver::free));
            free.clear();
            cachedBytes = 0;
        }
    }

    synchronized long liveBytes() {
        return liveBytes;
    }

    synchronized long cachedBytes() {
        return cachedBytes;
    }

    /** Runs the collector, then waits until a block of size comes back (the Cleaner thread releases them) or time is up. */
    private void awaitCollection(long size, int attempt) {
        System.gc();
        long deadline = System.nanoTime() + (20_000_000L << attempt);
        try {
            while (System.nanoTime() < deadline && !hasFreeBlock(size)) Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized boolean hasFreeBlock(long size) {
        ArrayDeque<Long> list = free.get(size);
        return list != null && !list.isEmpty();
    }

    private CudaException outOfMemory(long size) {
        long[] info = context.driver.memoryInfo();
        return new CudaException(String.format("out of GPU memory: cannot allocate %d MiB (%d MiB in use by tensors, %d MiB free of %d MiB)",
                size >> 20, liveBytes() >> 20, info[0] >> 20, info[1] >> 20));
    }
}
