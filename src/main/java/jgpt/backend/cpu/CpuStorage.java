package jgpt.backend.cpu;

import jgpt.tensor.Backend;
import jgpt.tensor.DType;
import jgpt.tensor.Storage;

/** A heap array: float[] for float32, int[] for int32 (exactly one is set). */
final class CpuStorage implements Storage {
    final float[] floats;
    final int[] ints;

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

    static float[] f(Storage s) {
        return ((CpuStorage) s).floats;
    }

    static int[] i(Storage s) {
        return ((CpuStorage) s).ints;
    }
}
