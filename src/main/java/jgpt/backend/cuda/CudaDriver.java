package jgpt.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The CUDA driver API (libcuda.so.1) through FFM downcalls. Device pointers are longs, handles
 * (contexts, streams, modules, functions) are addresses; every status is checked and a failure becomes a
 * {@link CudaException} naming the call, e.g. "cuMemAlloc failed: CUDA_ERROR_OUT_OF_MEMORY (out of memory)".
 */
final class CudaDriver {
    static final int ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;
    static final int ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
    static final int ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;
    private static final int CUDA_SUCCESS = 0;
    private static final int CUDA_ERROR_OUT_OF_MEMORY = 2;
    private static final int CUDA_ERROR_NOT_READY = 600;
    private static final int EVENT_DISABLE_TIMING = 2;
    private static final int STREAM_NON_BLOCKING = 1;
    private static final int CAPTURE_MODE_RELAXED = 2;

    private static CudaDriver instance;

    private final MethodHandle cuInit, cuDriverGetVersion, cuGetErrorName, cuGetErrorString;
    private final MethodHandle cuDeviceGetCount, cuDeviceGet, cuDeviceGetName, cuDeviceTotalMem, cuDeviceGetAttribute;
    private final MethodHandle cuDevicePrimaryCtxRetain, cuCtxSetCurrent, cuStreamCreate, cuStreamSynchronize;
    private final MethodHandle cuMemAlloc, cuMemFree, cuMemGetInfo, cuMemcpyHtoDAsync, cuMemcpyDtoHAsync, cuMemsetD32Async;
    private final MethodHandle cuModuleLoadData, cuModuleGetFunction, cuLaunchKernel;
    private final MethodHandle cuMemAllocHost, cuMemFreeHost;
    private final MethodHandle cuEventCreate, cuEventRecord, cuEventQuery, cuEventSynchronize;
    private final MethodHandle cuStreamBeginCapture, cuStreamEndCapture, cuGraphInstantiate, cuGraphLaunch, cuGraphDestroy,
            cuGraphExecDestroy;

    private CudaDriver(NativeLibrary lib) {
        cuInit = lib.function("cuInit", JAVA_INT, JAVA_INT);
        cuDriverGetVersion = lib.function("cuDriverGetVersion", JAVA_INT, ADDRESS);
        cuGetErrorName = lib.function("cuGetErrorName", JAVA_INT, JAVA_INT, ADDRESS);
        cuGetErrorString = lib.function("cuGetErrorString", JAVA_INT, JAVA_INT, ADDRESS);
        cuDeviceGetCount = lib.function("cuDeviceGetCount", JAVA_INT, ADDRESS);
        cuDeviceGet = lib.function("cuDeviceGet", JAVA_INT, ADDRESS, JAVA_INT);
        cuDeviceGetName = lib.function("cuDeviceGetName", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
        cuDeviceTotalMem = lib.function("cuDeviceTotalMem_v2", JAVA_INT, ADDRESS, JAVA_INT);
        cuDeviceGetAttribute = lib.function("cuDeviceGetAttribute", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
        cuDevicePrimaryCtxRetain = lib.function("cuDevicePrimaryCtxRetain", JAVA_INT, ADDRESS, JAVA_INT);
        cuCtxSetCurrent = lib.function("cuCtxSetCurrent", JAVA_INT, ADDRESS);
        cuStreamCreate = lib.function("cuStreamCreate", JAVA_INT, ADDRESS, JAVA_INT);
        cuStreamSynchronize = lib.function("cuStreamSynchronize", JAVA_INT, ADDRESS);
        cuMemAlloc = lib.function("cuMemAlloc_v2", JAVA_INT, ADDRESS, JAVA_LONG);
        cuMemFree = lib.function("cuMemFree_v2", JAVA_INT, JAVA_LONG);
        cuMemGetInfo = lib.function("cuMemGetInfo_v2", JAVA_INT, ADDRESS, ADDRESS);
        cuMemcpyHtoDAsync = lib.function("cuMemcpyHtoDAsync_v2", JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS);
        cuMemcpyDtoHAsync = lib.function("cuMemcpyDtoHAsync_v2", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS);
        cuMemsetD32Async = lib.function("cuMemsetD32Async", JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS);
        cuModuleLoadData = lib.function("cuModuleLoadData", JAVA_INT, ADDRESS, ADDRESS);
        cuModuleGetFunction = lib.function("cuModuleGetFunction", JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
        cuLaunchKernel = lib.function("cuLaunchKernel", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
        cuMemAllocHost = lib.function("cuMemAllocHost_v2", JAVA_INT, ADDRESS, JAVA_LONG);
        cuMemFreeHost = lib.function("cuMemFreeHost", JAVA_INT, ADDRESS);
        cuEventCreate = lib.function("cuEventCreate", JAVA_INT, ADDRESS, JAVA_INT);
        cuEventRecord = lib.function("cuEventRecord", JAVA_INT, ADDRESS, ADDRESS);
        cuEventQuery = lib.function("cuEventQuery", JAVA_INT, ADDRESS);
        cuEventSynchronize = lib.function("cuEventSynchronize", JAVA_INT, ADDRESS);
        cuStreamBeginCapture = lib.function("cuStreamBeginCapture_v2", JAVA_INT, ADDRESS, JAVA_INT);
        cuStreamEndCapture = lib.function("cuStreamEndCapture", JAVA_INT, ADDRESS, ADDRESS);
        cuGraphInstantiate = lib.function("cuGraphInstantiateWithFlags", JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG);
        cuGraphLaunch = lib.function("cuGraphLaunch", JAVA_INT, ADDRESS, ADDRESS);
        cuGraphDestroy = lib.function("cuGraphDestroy", JAVA_INT, ADDRESS);
        cuGraphExecDestroy = lib.function("cuGraphExecDestroy", JAVA_INT, ADDRESS);
    }

    /** The driver, opened and initialised once; fails with one sentence ("libcuda.so.1 not found", "cuInit failed: ..."). */
    static synchronized CudaDriver load() {
        if (instance == null) {
            CudaDriver driver = new CudaDriver(NativeLibrary.open("libcuda.so.1"));
            driver.check("cuInit", NativeLibrary.status(() -> (int) driver.cuInit.invokeExact(0)));
            instance = driver;
        }
        return instance;
    }

    /** Throws a CudaException naming call when status is not CUDA_SUCCESS. */
    void check(String call, int status) {
        if (status != CUDA_SUCCESS) throw new CudaException(call + " failed: " + describe(status));
    }

    private String describe(int status) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocate(ADDRESS), text = arena.allocate(ADDRESS);
            int a = NativeLibrary.status(() -> (int) cuGetErrorName.invokeExact(status, name));
            int b = NativeLibrary.status(() -> (int) cuGetErrorString.invokeExact(status, text));
            if (a != CUDA_SUCCESS || b != CUDA_SUCCESS) return "CUDA error " + status;
            return NativeLibrary.string(name.get(ADDRESS, 0)) + " (" + NativeLibrary.string(text.get(ADDRESS, 0)) + ")";
        }
    }

    /** The driver's CUDA version as major * 1000 + minor * 10, e.g. 13000. */
    int driverVersion() {
        return intOut("cuDriverGetVersion", out -> (int) cuDriverGetVersion.invokeExact(out));
    }

    int deviceCount() {
        return intOut("cuDeviceGetCount", out -> (int) cuDeviceGetCount.invokeExact(out));
    }

    int device(int ordinal) {
        return intOut("cuDeviceGet", out -> (int) cuDeviceGet.invokeExact(out, ordinal));
    }

    int attribute(int attribute, int device) {
        return intOut("cuDeviceGetAttribute", out -> (int) cuDeviceGetAttribute.invokeExact(out, attribute, device));
    }

    String deviceName(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocate(256);
            check("cuDeviceGetName", NativeLibrary.status(() -> (int) cuDeviceGetName.invokeExact(name, 256, device)));
            return name.getString(0);
        }
    }

    long totalMemory(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_LONG);
            check("cuDeviceTotalMem", NativeLibrary.status(() -> (int) cuDeviceTotalMem.invokeExact(out, device)));
            return out.get(JAVA_LONG, 0);
        }
    }

    /** Free and total device memory in bytes, for the current context. */
    long[] memoryInfo() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment free = arena.allocate(JAVA_LONG), total = arena.allocate(JAVA_LONG);
            check("cuMemGetInfo", NativeLibrary.status(() -> (int) cuMemGetInfo.invokeExact(free, total)));
            return new long[] {free.get(JAVA_LONG, 0), total.get(JAVA_LONG, 0)};
        }
    }

    MemorySegment retainPrimaryContext(int device) {
        return handleOut("cuDevicePrimaryCtxRetain", out -> (int) cuDevicePrimaryCtxRetain.invokeExact(out, device));
    }

    void setCurrent(MemorySegment context) {
        check("cuCtxSetCurrent", NativeLibrary.status(() -> (int) cuCtxSetCurrent.invokeExact(context)));
    }

    /** A stream that does not synchronise with the legacy default stream. */
    MemorySegment createStream() {
        return handleOut("cuStreamCreate", out -> (int) cuStreamCreate.invokeExact(out, STREAM_NON_BLOCKING));
    }

    void synchronize(MemorySegment stream) {
        check("cuStreamSynchronize", NativeLibrary.status(() -> (int) cuStreamSynchronize.invokeExact(stream)));
    }

    /** A device allocation of bytes, or 0 when the device is out of memory (other failures throw). */
    long allocate(long bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_LONG);
            int status = NativeLibrary.status(() -> (int) cuMemAlloc.invokeExact(out, bytes));
            if (status == CUDA_ERROR_OUT_OF_MEMORY) return 0;
            check("cuMemAlloc", status);
            return out.get(JAVA_LONG, 0);
        }
    }

    void free(long pointer) {
        check("cuMemFree", NativeLibrary.status(() -> (int) cuMemFree.invokeExact(pointer)));
    }

    void copyToDevice(long dst, MemorySegment src, long bytes, MemorySegment stream) {
        check("cuMemcpyHtoDAsync", NativeLibrary.status(() -> (int) cuMemcpyHtoDAsync.invokeExact(dst, src, bytes, stream)));
    }

    void copyToHost(MemorySegment dst, long src, long bytes, MemorySegment stream) {
        check("cuMemcpyDtoHAsync", NativeLibrary.status(() -> (int) cuMemcpyDtoHAsync.invokeExact(dst, src, bytes, stream)));
    }

    /** Sets count 32-bit words at dst to bits. */
    void fill32(long dst, int bits, long count, MemorySegment stream) {
        check("cuMemsetD32Async", NativeLibrary.status(() -> (int) cuMemsetD32Async.invokeExact(dst, bits, count, stream)));
    }

    MemorySegment loadModule(MemorySegment image) {
        return handleOut("cuModuleLoadData", out -> (int) cuModuleLoadData.invokeExact(out, image));
    }

    MemorySegment function(MemorySegment module, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cName = arena.allocateFrom(name);
            return handleOut("cuModuleGetFunction(" + name + ")", out -> (int) cuModuleGetFunction.invokeExact(out, module, cName));
        }
    }

    void launch(MemorySegment function, int gridX, int gridY, int blockX, int blockY, int sharedBytes,
                MemorySegment stream, MemorySegment params) {
        check("cuLaunchKernel", NativeLibrary.status(() -> (int) cuLaunchKernel.invokeExact(function, gridX, gridY, 1,
                blockX, blockY, 1, sharedBytes, stream, params, MemorySegment.NULL)));
    }

    /** Page-locked host memory of bytes, which copies inside a CUDA graph need; free with {@link #freeHost}. */
    MemorySegment allocateHost(long bytes) {
        return handleOut("cuMemAllocHost", out -> (int) cuMemAllocHost.invokeExact(out, bytes)).reinterpret(bytes);
    }

    void freeHost(MemorySegment host) {
        check("cuMemFreeHost", NativeLibrary.status(() -> (int) cuMemFreeHost.invokeExact(host)));
    }

    /** An event without timing data, to mark a point in a stream ({@link #record}) and ask whether work before it is done. */
    MemorySegment createEvent() {
        return handleOut("cuEventCreate", out -> (int) cuEventCreate.invokeExact(out, EVENT_DISABLE_TIMING));
    }

    /** Marks the point in stream after the work queued so far. */
    void record(MemorySegment event, MemorySegment stream) {
        check("cuEventRecord", NativeLibrary.status(() -> (int) cuEventRecord.invokeExact(event, stream)));
    }

    /** Whether the work before the event's last mark has finished (true for an event never recorded); no wait. */
    boolean isDone(MemorySegment event) {
        int status = NativeLibrary.status(() -> (int) cuEventQuery.invokeExact(event));
        if (status == CUDA_ERROR_NOT_READY) return false;
        check("cuEventQuery", status);
        return true;
    }

    /** Waits until the work before the event's last mark has finished. */
    void awaitEvent(MemorySegment event) {
        check("cuEventSynchronize", NativeLibrary.status(() -> (int) cuEventSynchronize.invokeExact(event)));
    }

    /**
     * Records the work queued on stream while capture runs, instead of running it, and returns it as an executable
     * graph; relaxed mode, so that other threads may still allocate and free meanwhile.
     */
    MemorySegment captureGraph(MemorySegment stream, Runnable capture) {
        check("cuStreamBeginCapture", NativeLibrary.status(() -> (int) cuStreamBeginCapture.invokeExact(stream, CAPTURE_MODE_RELAXED)));
        MemorySegment graph;
        try {
            capture.run();
        } finally {
            graph = handleOut("cuStreamEndCapture", out -> (int) cuStreamEndCapture.invokeExact(stream, out));
        }
        try {
            return handleOut("cuGraphInstantiate", out -> (int) cuGraphInstantiate.invokeExact(out, graph, 0L));
        } finally {
            check("cuGraphDestroy", NativeLibrary.status(() -> (int) cuGraphDestroy.invokeExact(graph)));
        }
    }

    void launchGraph(MemorySegment graph, MemorySegment stream) {
        check("cuGraphLaunch", NativeLibrary.status(() -> (int) cuGraphLaunch.invokeExact(graph, stream)));
    }

    void destroyGraph(MemorySegment graph) {
        check("cuGraphExecDestroy", NativeLibrary.status(() -> (int) cuGraphExecDestroy.invokeExact(graph)));
    }

    private int intOut(String name, NativeLibrary.OutCall call) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            check(name, NativeLibrary.status(() -> call.call(out)));
            return out.get(JAVA_INT, 0);
        }
    }

    private MemorySegment handleOut(String name, NativeLibrary.OutCall call) {
        return NativeLibrary.handleOut(name, this::check, call);
    }
}
