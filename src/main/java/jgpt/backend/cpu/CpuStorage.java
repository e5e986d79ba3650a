package jgpt.backend.cpu;

import jgpt.tensor.Backend;
import jgpt.tensor.DType;
import jgpt.tensor.Storage;

/**
 * A heap array: float[] for float32, int[] for int32 (exactly one is set). A released storage (see
 * {@link jgpt.tensor.Backend#release}) refuses to be read or written, so that a buffer released too early fails here
 * as it would corrupt memory on a GPU.
 */
final class CpuStorage implements Storage {
    final float[] floats;
    final int[] ints;
    private boolean released;

    private CpuStorage(float[] floats, int[] ints) {
        this.floats = floats;
        this.ints = ints;
    }

    static CpuStorage ofFloats(float[] data) {
        return new CpuStorage(data, null);
    }

    static CpuStorage ofInts(int[] data) {
        return new CpuStorage(null, data);
    }

    @Override
    public Backend backend() {
        return CpuBackend.get();
    }

    @Override
    public DType dtype() {
        return floats != null ? DType.FLOAT32 : DType.INT32;
    }

    @Override
    public int size() {
        return floats != null ? floats.length : ints.length;
    }

    void release() {
        released = true;
    }

    /** s, which must be a CPU storage that was not released. */
    static CpuStorage live(Storage s) {
        CpuStorage c = (CpuStorage) s;
        if (c.released) throw new IllegalStateException("a released buffer of " + c.size() + " elements was used again");
        return c;
    }

    static float[] f(Storage s) {
        return live(s).floats;
    }

    static int[] i(Storage s) {
        return live(s).ints;
    }
}
