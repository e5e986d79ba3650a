package jgpt.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The single-threaded, cache-blocked GEMM for one rectangle of C, on packed panels.
 *
 * <p>Loops, outermost first (the BLIS order with the broadcast operand A kept in L1):
 * <pre>
 *   jc: columns of C in blocks of NC     B block (KC x NC) packed, stays in L2
 *   pc: depth in blocks of KC
 *   ic: rows of C in blocks of MC        A block (MC x KC) packed
 *   ir: rows in micro-panels of MR       A micro-panel (MR x KC) stays in L1
 *   jr: columns in micro-panels of NR    B micro-panel (KC x NR) streams from L2
 *       micro-kernel: C tile (MR x NR) += A micro-panel * B micro-panel
 * </pre>
 * The tile is MR rows by two vectors: NR = 2 * the preferred species length (32 on AVX-512,
 * 16 on AVX2), so the MR * 2 accumulators, two B vectors and one broadcast fit the registers
 * (C2 spills a 6-row tile out of AVX2's 16 registers, hence the smaller MR there).
 */
final class GemmKernel {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();
    /** Rows per tile: 6 where there are 32 vector registers (AVX-512), 4 where there are 16 (AVX2). */
    static final int MR = LANES >= 16 ? 6 : 4;
    static final int NR = 2 * LANES;
    // Block sizes for 32-48 KiB of L1 and 0.5-1 MiB of L2 per core: the A micro-panel (MR x KC floats,
    // 4-6 KiB) stays in L1 and the B block (KC x NC, 256-512 KiB) in L2. Measured on Zen 5 (AVX-512).
    static final int KC = 256;
    static final int MC = 48 * MR;
    static final int NC = 16 * NR;
    /** Most floats of packed A kept for a whole rectangle (16 MiB): beyond it A is packed block by block. */
    static final int A_PANELS_MAX = 4 << 20;

    private GemmKernel() {}

    /**
     * C[i0:i1, j0:j1] (=|+=) op(A)[i0:i1, :] * op(B)[:, j0:j1] with op(A) (m x k), op(B) (k x n).
     * Runs on the calling thread with that thread's packing buffers.
     */
    static void multiplyBlock(GemmCall g, int i0, int i1, int j0, int j1) {
        GemmWorkspace ws = GemmWorkspace.current();
        // With several column blocks, A would be packed again for each; pack all of it once when it is small.
        int rowsPadded = GemmWorkspace.roundUp(i1 - i0, MR);
        boolean packAOnce = j1 - j0 > NC && (long) rowsPadded * g.k() <= A_PANELS_MAX;
        float[] aPacked = packAOnce ? ws.aPanels(rowsPadded * g.k()) : ws.aPack;
        if (packAOnce) {
            for (int pc = 0; pc < g.k(); pc += KC) {
                int kc = Math.min(KC, g.k() - pc);
                for (int ic = i0; ic < i1; ic += MC) GemmPacking.packA(g, ic, Math.min(MC, i1 - ic), pc, kc, aPacked, pc * rowsPadded + (ic - i0) * kc);
            }
        }
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < g.k(); pc += KC) {
                int kc = Math.min(KC, g.k() - pc);
                boolean addToC = pc > 0 || g.accumulate();
                GemmPacking.packB(g, pc, kc, jc, nc, ws.bPack);
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    int aOff = packAOnce ? pc * rowsPadded + (ic - i0) * kc : 0;
                    if (!packAOnce) GemmPacking.packA(g, ic, mc, pc, kc, aPacked, 0);
                    macroKernel(g, ws, aPacked, aOff, ic, mc, jc, nc, kc, addToC);
                }
            }
        }
    }

    /** C[ic:ic+mc, jc:jc+nc] (=|+=) packed A block (mc x kc) * packed B block (kc x nc). */
    private static void macroKernel(GemmCall g, GemmWorkspace ws, float[] aPack, int aOff, int ic, int mc, int jc, int nc, int kc,
                                    boolean addToC) {
        for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            int aIdx = aOff + ir * kc;
            for (int jr = 0; jr < nc; jr += NR) {
                int cols = Math.min(NR, nc - jr);
                int bIdx = jr * kc;
                int cIdx = g.cOff() + (ic + ir) * g.ldc() + jc + jr;
                if (rows == MR && cols == NR) {
                    microKernel(aPack, aIdx, ws.bPack, bIdx, kc, g.c(), cIdx, g.ldc(), addToC);
                } else {
                    microKernel(aPack, aIdx, ws.bPack, bIdx, kc, ws.tile, 0, NR, false);
                    addTile(ws.tile, rows, cols, g.c(), cIdx, g.ldc(), addToC);
                }
            }
        }
    }

    /**
     * The micro-kernel: tile (MR x NR) at c[cIdx] with row stride ldc (=|+=) a (MR x kc) * b (kc x NR),
     * a packed column by column (MR floats per p), b row by row (NR floats per p).
     */
    private static void microKernel(float[] a, int aIdx, float[] b, int bIdx, int kc,
                                    float[] c, int cIdx, int ldc, boolean addToC) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int p = 0; p < kc; p++) {
            int ai = aIdx + p * MR, bi = bIdx + p * NR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector ak = FloatVector.broadcast(SPECIES, a[ai]);
            c00 = ak.fma(b0, c00);
            c01 = ak.fma(b1, c01);
            ak = FloatVector.broadcast(SPECIES, a[ai + 1]);
            c10 = ak.fma(b0, c10);
            c11 = ak.fma(b1, c11);
            ak = FloatVector.broadcast(SPECIES, a[ai + 2]);
            c20 = ak.fma(b0, c20);
            c21 = ak.fma(b1, c21);
            ak = FloatVector.broadcast(SPECIES, a[ai + 3]);
            c30 = ak.fma(b0, c30);
            c31 = ak.fma(b1, c31);
            if (MR == 6) {
                ak = FloatVector.broadcast(SPECIES, a[ai + 4]);
                c40 = ak.fma(b0, c40);
                c41 = ak.fma(b1, c41);
                ak = FloatVector.broadcast(SPECIES, a[ai + 5]);
                c50 = ak.fma(b0, c50);
                c51 = ak.fma(b1, c51);
            }
        }
        storeRow(c00, c01, c, cIdx, addToC);
        storeRow(c10, c11, c, cIdx + ldc, addToC);
        storeRow(c20, c21, c, cIdx + 2 * ldc, addToC);
        storeRow(c30, c31, c, cIdx + 3 * ldc, addToC);
        if (MR == 6) {
            storeRow(c40, c41, c, cIdx + 4 * ldc, addToC);
            storeRow(c50, c51, c, cIdx + 5 * ldc, addToC);
        }
    }

    private static void storeRow(FloatVector lo, FloatVector hi, float[] c, int idx, boolean addToC) {
        if (addToC) {
            lo = lo.add(FloatVector.fromArray(SPECIES, c, idx));
            hi = hi.add(FloatVector.fromArray(SPECIES, c, idx + LANES));
        }
        lo.intoArray(c, idx);
        hi.intoArray(c, idx + LANES);
    }

    /** Copies (or adds) the top-left rows x cols of a full tile (row stride NR) into C. */
    private static void addTile(float[] tile, int rows, int cols, float[] c, int cIdx, int ldc, boolean addToC) {
        for (int r = 0; r < rows; r++) {
            int dst = cIdx + r * ldc, src = r * NR;
            for (int j = 0; j < cols; j++) {
                c[dst + j] = addToC ? c[dst + j] + tile[src + j] : tile[src + j];
            }
        }
    }
}
