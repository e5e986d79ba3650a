package jgpt.backend.cuda;

import java.util.ArrayList;
import java.util.List;
import jgpt.tensor.DType;
import jgpt.tensor.Storage;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The kernel families with bf16 variants, called directly on the CUDA backend's context (instances of their own,
 * compiled from the same sources), and device buffers for them. The buffers stay reachable until {@link #release},
 * since the kernels get bare addresses. Test classes use it with {@code @ExtendWith(Bf16Bench.PerTest.class)}.
 */
final class Bf16Bench {
    private static Bf16Bench instance;

    final CudaBackend backend;
    final ElementwiseKernels elementwise;
    final LayerNormKernels layerNorm;
    final SoftmaxKernels softmax;
    private final List<Storage> held = new ArrayList<>();

    /** Elements from offset of a storage: the view the kernels are given. */
    record Buffer(Storage storage, int offset, int size) {
        long address() {
            return CudaStorage.address(storage, offset);
        }

        DType type() {
            return storage.dtype();
        }
    }

    /** Skips the test class without a usable GPU, and lets each test's buffers go after it. */
    static final class PerTest implements BeforeAllCallback, AfterEachCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            DeviceParity.assumeGpu();
        }

        @Override
        public void afterEach(ExtensionContext context) {
            get().release();
        }
    }

    private Bf16Bench(CudaBackend backend) {
        this.backend = backend;
        CudaContext context = backend.context();
        DeviceAllocator allocator = new DeviceAllocator(context);
        elementwise = new ElementwiseKernels(context, allocator, backend.lateModule(ElementwiseKernels.class));
        layerNorm = new LayerNormKernels(context, allocator, backend.lateModule(LayerNormKernels.class));
        softmax = new SoftmaxKernels(context, new DeviceErrors(context), backend.lateModule(SoftmaxKernels.class));
    }

    static synchronized Bf16Bench get() {
        if (instance == null) instance = new Bf16Bench(CudaBackend.get());
        return instance;
    }

    /** values as a buffer of type (FLOAT32 or BFLOAT16, converted on the device) starting offset elements into its storage. */
    Buffer buffer(DType type, float[] values, int offset) {
        Storage floats = hold(backend.upload(values));
        if (type == DType.FLOAT32 && offset == 0) return new Buffer(floats, 0, values.length);
        Buffer buffer = zeros(type, values.length, offset);
        int[] dense = {1}, shape = {values.length};
        elementwise.copyStrided(CudaStorage.address(floats), DType.FLOAT32, dense, buffer.address(), type, dense, shape);
        return buffer;
    }

    Buffer buffer(DType type, float[] values) {
        return buffer(type, values, 0);
    }

    /** values as an int32 buffer starting offset elements into its storage. */
    Buffer ints(int[] values, int offset) {
        int[] padded = new int[offset + values.length];
        System.arraycopy(values, 0, padded, offset, values.length);
        return new Buffer(hold(backend.upload(padded)), offset, values.length);
    }

    Buffer ints(int[] values) {
        return ints(values, 0);
    }

    /** A zero-filled buffer of n elements of type, offset elements into its storage. */
    Buffer zeros(DType type, int n, int offset) {
        return new Buffer(hold(backend.allocate(type, n + offset)), offset, n);
    }

    Buffer zeros(DType type, int n) {
        return zeros(type, n, 0);
    }

    /** The buffer's elements as floats (bf16 widened by the backend's download). */
    float[] read(Buffer buffer) {
        return backend.downloadFloats(buffer.storage(), buffer.offset(), buffer.size());
    }

    int[] readInts(Buffer buffer) {
        return backend.downloadInts(buffer.storage(), buffer.offset(), buffer.size());
    }

    /** Lets the buffers made so far go (after the queued work that uses them: a download synchronises). */
    void release() {
        backend.synchronize();
        held.clear();
    }

    /** The offset in a view of each of its elements, in row-major order of shape. */
    static int[] viewOffsets(int[] shape, int[] strides) {
        int n = DeviceParity.numel(shape);
        int[] offsets = new int[n];
        for (int i = 0; i < n; i++) {
            int rest = i;
            for (int d = shape.length - 1; d >= 0; d--) {
                offsets[i] += rest % shape[d] * strides[d];
                rest /= shape[d];
            }
        }
        return offsets;
    }

    private Storage hold(Storage storage) {
        held.add(storage);
        return storage;
    }
}
