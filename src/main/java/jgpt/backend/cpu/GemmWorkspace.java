package jgpt.backend.cpu;

import static jgpt.backend.cpu.GemmKernel.KC;
import static jgpt.backend.cpu.GemmKernel.MC;
import static jgpt.backend.cpu.GemmKernel.MR;
import static jgpt.backend.cpu.GemmKernel.NC;
import static jgpt.backend.cpu.GemmKernel.NR;

/** One thread's GEMM scratch memory, allocated on its first GEMM and reused by every later one. */
final class GemmWorkspace {
    private static final ThreadLocal<GemmWorkspace> PER_THREAD = ThreadLocal.withInitial(GemmWorkspace::new);

    /** Packed A block: MC/MR micro-panels of (MR x KC), rows padded to a multiple of MR. */
    final float[] aPack = new float[roundUp(MC, MR) * KC];
    /** Packed B block: NC/NR micro-panels of (KC x NR), columns padded to a multiple of NR. */
    final float[] bPack = new float[roundUp(NC, NR) * KC];
    /** A full micro-tile (MR x NR) for edges of C that a full tile would overrun. */
    final float[] tile = new float[MR * NR];
    /** A strip of one output row for the matrix-vector product. */
    final float[] strip = new float[Gemv.STRIP];
    private float[] vector = new float[0];
    private float[] aPanels = new float[0];

    static GemmWorkspace current() {
        return PER_THREAD.get();
    }

    /** A scratch vector of at least {@code length} floats, grown (rarely) to the longest asked for. */
    float[] vector(int length) {
        if (vector.length < length) vector = new float[length];
        return vector;
    }

    /** Room for every packed A panel of a thread's rectangle (see GemmKernel), grown to the largest asked for. */
    float[] aPanels(int length) {
        if (aPanels.length < length) aPanels = new float[length];
        return aPanels;
    }

    static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
