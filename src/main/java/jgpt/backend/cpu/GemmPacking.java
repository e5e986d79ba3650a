package jgpt.backend.cpu;

import static jgpt.backend.cpu.GemmKernel.LANES;
import static jgpt.backend.cpu.GemmKernel.MR;
import static jgpt.backend.cpu.GemmKernel.NR;
import static jgpt.backend.cpu.GemmKernel.SPECIES;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/** Copies blocks of op(A) and op(B) into the micro-panel layouts the micro-kernel reads. */
final class GemmPacking {
    private GemmPacking() {}

    /**
     * op(A)[ic:ic+mc, pc:pc+kc] -> dst as micro-panels of (MR x kc), each stored p-major
     * (MR consecutive floats per p) from dst[dstOff]; rows past mc are zero.
     */
    static void packA(GemmCall g, int ic, int mc, int pc, int kc, float[] dst, int dstOff) {
        for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir), base = dstOff + ir * kc;
            if (rows < MR) Arrays.fill(dst, base, base + MR * kc, 0f);
            if (g.transA()) {
                // A stored (k x m): the MR rows of op(A) are contiguous for each p.
                for (int p = 0; p < kc; p++) {
                    int src = g.aIndex(ic + ir, pc + p), d = base + p * MR;
                    for (int r = 0; r < rows; r++) dst[d + r] = g.a()[src + r];
                }
            } else {
                for (int r = 0; r < rows; r++) {
                    int src = g.aIndex(ic + ir + r, pc);
                    for (int p = 0; p < kc; p++) dst[base + p * MR + r] = g.a()[src + p];
                }
            }
        }
    }

    /**
     * op(B)[pc:pc+kc, jc:jc+nc] -> dst as micro-panels of (kc x NR), each stored row by row
     * (NR consecutive floats per p); columns past nc are zero.
     */
    static void packB(GemmCall g, int pc, int kc, int jc, int nc, float[] dst) {
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr), base = jr * kc;
            if (g.transB()) {
                packTransposedPanel(g, pc, kc, jc + jr, cols, dst, base);
            } else if (cols == NR) {
                for (int p = 0; p < kc; p++) {
                    int src = g.bIndex(pc + p, jc + jr), d = base + p * NR;
                    FloatVector.fromArray(SPECIES, g.b(), src).intoArray(dst, d);
                    FloatVector.fromArray(SPECIES, g.b(), src + LANES).intoArray(dst, d + LANES);
                }
            } else {
                Arrays.fill(dst, base, base + NR * kc, 0f);
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(g.b(), g.bIndex(pc + p, jc + jr), dst, base + p * NR, cols);
                }
            }
        }
    }

    /** B stored (n x k): each column of op(B) is a contiguous row of B, written with stride NR. */
    private static void packTransposedPanel(GemmCall g, int pc, int kc, int j, int cols, float[] dst, int base) {
        if (cols < NR) Arrays.fill(dst, base, base + NR * kc, 0f);
        for (int c = 0; c < cols; c++) {
            int src = g.bIndex(pc, j + c);
            for (int p = 0; p < kc; p++) dst[base + p * NR + c] = g.b()[src + p];
        }
    }
}
