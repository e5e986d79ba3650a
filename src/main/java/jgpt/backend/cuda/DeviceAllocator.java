package jgpt.backend.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Device memory handed out in size buckets and kept in free lists when released, because cuMemAlloc is
 * slow and cuMemFree synchronises the device. Releases come from the Cleaner thread, so the lists are
 * guarded by this object's lock; only allocate() calls into the driver. When the device is full the garbage
 * collector is asked to return blocks of unreachable tensors, and then the cached blocks are freed.
 *
 * <p>Tensors die only when the collector finds them, and the Java heap fills far more slowly than the device (a
 * training step leaves gigabytes of device blocks behind a few megabytes of tensor objects), so without help every
 * step ran the device full and then stalled in a collection. So once the blocks in use pass a share of the device
 * (JGPT_CUDA_COLLECT_AT, default 0.25; 0 turns it off) a collection is requested from a background thread, at most
 * one at a time, while the host goes on queuing work.
 */
final class DeviceAllocator {
    private static final long SMALL = 1L << 20, LARGE_STEP = 2L << 20;
    private static final int ATTEMPTS = 4;

    private final CudaContext context;
    private final Map<Long, ArrayDeque<Long>> free = new HashMap<>();
    private final long collectAbove;
    private final AtomicBoolean collecting = new AtomicBoolean();
    private long liveBytes, cachedBytes;

    DeviceAllocator(CudaContext context) {
        this.context = context;
        this.collectAbove = (long) (collectionShare() * context.driver.totalMemory(context.device));
    }

    private static double collectionShare() {
        String share = System.getenv().getOrDefault("JGPT_CUDA_COLLECT_AT", "0.25");
        try {
            return Double.parseDouble(share);
        } catch (NumberFormatException e) {
            throw new CudaException("JGPT_CUDA_COLLECT_AT must be a share of the GPU's memory such as 0.25, got '" + share + "'");
        }
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
        if (collectAbove > 0 && liveBytes() > collectAbove) collectInBackground();
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

    // a background collection, unless one is running: the Cleaner then releases the blocks of dead tensors
    private void collectInBackground() {
        if (!collecting.compareAndSet(false, true)) return;
        Thread.ofPlatform().daemon().name("jgpt-device-collector").start(() -> {
            try {
                System.gc();
                Thread.sleep(50);   // the Cleaner's turn: blocks come back after the collection, not during it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                collecting.set(false);
            }
        });
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
