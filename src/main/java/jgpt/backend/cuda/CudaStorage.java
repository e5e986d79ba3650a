package jgpt.backend.cuda;

import java.lang.ref.Cleaner;
import jgpt.tensor.Backend;
import jgpt.tensor.DType;
import jgpt.tensor.Storage;

/**
 * A device buffer of elements of one dtype; its block goes back to the allocator once the storage is unreachable, or
 * at {@link #release}, after which its address is refused.
 */
final class CudaStorage implements Storage {
    private static final Cleaner CLEANER = Cleaner.create();

    private final CudaBackend backend;
    private final DType dtype;
    private final int size;
    private final long pointer;
    private final Cleaner.Cleanable cleanable;
    private boolean released;

    CudaStorage(CudaBackend backend, DeviceAllocator allocator, DType dtype, int size) {
        this.backend = backend;
        this.dtype = dtype;
        this.size = size;
        long bytes = (long) size * dtype.bytes();
        this.pointer = allocator.allocate(bytes);
        this.cleanable = pointer != 0 ? CLEANER.register(this, new Release(allocator, pointer, bytes)) : null;
    }

    /** Runs on the Cleaner thread: must not reach the storage, only its block. */
    private record Release(DeviceAllocator allocator, long pointer, long bytes) implements Runnable {
        @Override
        public void run() {
            allocator.release(pointer, bytes);
        }
    }

    /** The device address of element index. */
    long address(int index) {
        if (released) throw new IllegalStateException("a released device buffer of " + size + " elements was used again");
        return pointer + (long) dtype.bytes() * index;
    }

    /** Returns the block to the allocator now (stream order: queued work still reads it first); a second call does nothing. */
    void release() {
        if (released) return;
        released = true;
        if (cleanable != null) cleanable.clean();
    }

    /** The device address of element index of s, which must be a CUDA storage. */
    static long address(Storage s, int index) {
        return ((CudaStorage) s).address(index);
    }

    static long address(Storage s) {
        return address(s, 0);
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public int size() {
        return size;
    }
}
