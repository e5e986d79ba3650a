package jgpt.backend.cuda;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.LongAdder;

/**
 * One GPU: its primary context and the single stream every operation is queued on, in order. Because all
 * work shares one stream, a buffer freed on the host may be reused at once: later work runs after earlier.
 * Every method makes the context current on the calling thread first (the driver's binding is per thread).
 */
final class CudaContext {
    private static final int GRID_STRIDE_THREADS = 256, GRID_STRIDE_BLOCKS = 8192;
    final CudaDriver driver;
    final int device;
    final String name;
    final int computeCapability;
    final int multiprocessors;
    private final MemorySegment context;
    private final MemorySegment stream;
    private final ThreadLocal<Boolean> current = ThreadLocal.withInitial(() -> false);
    private final ThreadLocal<LaunchArguments> arguments = ThreadLocal.withInitial(LaunchArguments::new);
    private final LongAdder hostWaits = new LongAdder();

    private CudaContext(CudaDriver driver, int device) {
        this.driver = driver;
        this.device = device;
        this.name = driver.deviceName(device);
        this.computeCapability = 10 * driver.attribute(CudaDriver.ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device)
                + driver.attribute(CudaDriver.ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device);
        this.multiprocessors = driver.attribute(CudaDriver.ATTRIBUTE_MULTIPROCESSOR_COUNT, device);
        this.context = driver.retainPrimaryContext(device);
        makeCurrent();
        this.stream = driver.createStream();
    }

    /** The first GPU, ready for work. */
    static CudaContext open() {
        CudaDriver driver = CudaDriver.load();
        if (driver.deviceCount() == 0) throw new CudaException("no CUDA device is visible");
        return new CudaContext(driver, driver.device(0));
    }

    MemorySegment stream() {
        makeCurrent();
        return stream;
    }

    void makeCurrent() {
        if (!current.get()) {
            driver.setCurrent(context);
            current.set(true);
        }
    }

    /** Waits for all queued work. */
    void synchronize() {
        hostWaits.increment();
        driver.synchronize(stream());
    }

    /**
     * Copies from pageable host memory, which the driver stages after synchronising the stream: the host waits for
     * all queued work, as in {@link #synchronize}.
     */
    void copyToDevice(long dst, MemorySegment src, long bytes) {
        if (bytes == 0) return;
        hostWaits.increment();
        driver.copyToDevice(dst, src, bytes, stream());
    }

    /** Copies from page-locked host memory ({@link CudaDriver#allocateHost}), queued like a kernel: no wait. */
    void copyPinnedToDevice(long dst, MemorySegment src, long bytes) {
        if (bytes > 0) driver.copyToDevice(dst, src, bytes, stream());
    }

    /** An event for {@link #mark} and {@link #awaitMark}. */
    MemorySegment createEvent() {
        makeCurrent();
        return driver.createEvent();
    }

    /** Marks event at the end of the work queued so far. */
    void mark(MemorySegment event) {
        driver.record(event, stream());
    }

    /** Returns once the work before event's last mark has finished: at once, uncounted, when it already has. */
    void awaitMark(MemorySegment event) {
        makeCurrent();
        if (driver.isDone(event)) return;
        hostWaits.increment();
        driver.awaitEvent(event);
    }

    /** How many times the host has waited for the GPU: synchronisations and copies from pageable memory. */
    long hostWaits() {
        return hostWaits.sum();
    }

    /** Copies to host memory and waits for it (and all earlier work) to finish. */
    void copyToHost(MemorySegment dst, long src, long bytes) {
        if (bytes > 0) driver.copyToHost(dst, src, bytes, stream());
        synchronize();
    }

    /**
     * Copies to host memory right after a {@link #copyToHost} or {@link #synchronize}, with nothing queued since: the
     * GPU is idle, so this is not counted as another wait.
     */
    void copyToHostAfterWait(MemorySegment dst, long src, long bytes) {
        driver.copyToHost(dst, src, bytes, stream());
        driver.synchronize(stream());
    }

    void fill32(long dst, int bits, long count) {
        if (count > 0) KernelProfile.time(this, "memset", () -> driver.fill32(dst, bits, count, stream()));
    }

    /**
     * Queues function on a gridX x gridY grid of blockX x blockY threads. Arguments are passed by value:
     * Long (device pointers, 64-bit integers), Integer, Float, Double, or a MemorySegment holding a struct.
     */
    void launch(MemorySegment function, int gridX, int gridY, int blockX, int blockY, int sharedBytes, Object... args) {
        MemorySegment params = arguments.get().fill(args);
        if (KernelProfile.ENABLED) {
            KernelProfile.time(this, KernelProfile.nameOf(function),
                    () -> driver.launch(function, gridX, gridY, blockX, blockY, sharedBytes, stream(), params));
        } else {
            driver.launch(function, gridX, gridY, blockX, blockY, sharedBytes, stream(), params);
        }
    }

    /** A launch of a grid-stride kernel over n elements: blocks of 256 threads, at most 8192 of them, each looping. */
    void launchGridStride(MemorySegment function, long n, Object... args) {
        int blocks = (int) Math.max(1, Math.min(GRID_STRIDE_BLOCKS, Math.ceilDiv(n, GRID_STRIDE_THREADS)));
        launch(function, blocks, 1, GRID_STRIDE_THREADS, 1, 0, args);
    }

    /** A launch of a kernel whose blocks stride over rowCount rows (its threads over a row's columns): at most 8192 blocks. */
    void launchOverRows(MemorySegment function, long rowCount, Object... args) {
        launch(function, (int) Math.clamp(rowCount, 1, GRID_STRIDE_BLOCKS), 1, GRID_STRIDE_THREADS, 1, 0, args);
    }

    /** A 1-D launch over n threads in blocks of threads. */
    void launch1d(MemorySegment function, int n, int threads, Object... args) {
        if (n > 0) launch(function, Math.ceilDiv(n, threads), 1, threads, 1, 0, args);
    }
}
