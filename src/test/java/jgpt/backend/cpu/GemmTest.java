package jgpt.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Gemm against a naive double-precision triple loop written from the definition of op(A) * op(B). */
class GemmTest {
    private static final ThreadPool POOL = CpuBackend.get().pool();
    /** An odd thread count, so C is cut into uneven rectangles. */
    private static final ThreadPool THREE = new ThreadPool(3);

    /** One GEMM problem: stored operands with padding, offsets and a C that may be accumulated into. */
    private record Problem(boolean transA, boolean transB, int m, int n, int k, int lda, int ldb, int ldc,
                           int aOff, int bOff, int cOff, float[] a, float[] b, float[] c, boolean accumulate) {

        static Problem random(SplittableRandom rnd, boolean transA, boolean transB, int m, int n, int k,
                              int pad, boolean accumulate) {
            int lda = (transA ? m : k) + pad, ldb = (transB ? k : n) + pad, ldc = n + pad;
            int aOff = pad * 3, bOff = pad * 5, cOff = pad * 7;
            float[] a = randomArray(rnd, aOff + (transA ? k : m) * lda + pad);
            float[] b = randomArray(rnd, bOff + (transB ? n : k) * ldb + pad);
            float[] c = randomArray(rnd, cOff + m * ldc + pad);
            return new Problem(transA, transB, m, n, k, lda, ldb, ldc, aOff, bOff, cOff, a, b, c, accumulate);
        }

        float opA(int i, int p) {
            return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        }

        float opB(int p, int j) {
            return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        }

        void run(ThreadPool pool) {
            Gemm.sgemm(pool, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        }
    }

    private static float[] randomArray(SplittableRandom rnd, int length) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        return x;
    }

    private static void assertMatchesReference(Problem pr, ThreadPool pool) {
        float[] before = pr.c().clone();
        pr.run(pool);
        assertResultMatchesReference(pr, before);
    }

    /** Checks every element of C against the reference, and that no element outside C changed. */
    private static void assertResultMatchesReference(Problem pr, float[] before) {
        for (int i = 0; i < pr.m(); i++) {
            for (int j = 0; j < pr.n(); j++) {
                double sum = 0, magnitude = 0;
                for (int p = 0; p < pr.k(); p++) {
                    double term = (double) pr.opA(i, p) * pr.opB(p, j);
                    sum += term;
                    magnitude += Math.abs(term);
                }
                int idx = pr.cOff() + i * pr.ldc() + j;
                double expected = pr.accumulate() ? before[idx] + sum : sum;
                double tolerance = 1e-5 * magnitude + 1e-6 * Math.abs(expected) + 1e-6;
                if (!(Math.abs(pr.c()[idx] - expected) <= tolerance)) {
                    fail("C[%d][%d] of %s is %s, expected %s within %s".formatted(
                            i, j, describe(pr), pr.c()[idx], expected, tolerance));
                }
                before[idx] = pr.c()[idx];
            }
        }
        assertThat(Arrays.equals(pr.c(), before)).as("elements outside C of %s unchanged", describe(pr)).isTrue();
    }

    private static String describe(Problem pr) {
        return "m=%d n=%d k=%d transA=%b transB=%b accumulate=%b lda=%d ldb=%d ldc=%d".formatted(
                pr.m(), pr.n(), pr.k(), pr.transA(), pr.transB(), pr.accumulate(), pr.lda(), pr.ldb(), pr.ldc());
    }

    static Stream<Arguments> oddSizesAllTransposes() {
        int[] sizes = {1, 2, 3, 17, 33, 65};
        List<Arguments> cases = new ArrayList<>();
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                for (int m : sizes) {
                    for (int n : sizes) {
                        cases.add(Arguments.of(transA, transB, m, n, sizes[(m + n) % sizes.length], (m + n) % 2 == 0));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "transA={0} transB={1} m={2} n={3} k={4} accumulate={5}")
    @MethodSource("oddSizesAllTransposes")
    void oddSizesMatchReferenceForEveryTransposeCombination(boolean transA, boolean transB, int m, int n, int k,
                                                           boolean accumulate) {
        var rnd = new SplittableRandom(31L * m + 7L * n + k);
        assertMatchesReference(Problem.random(rnd, transA, transB, m, n, k, 0, accumulate), POOL);
        assertMatchesReference(Problem.random(rnd, transA, transB, m, n, k, 5, !accumulate), POOL);
    }

    static Stream<Arguments> blockEdgeSizes() {
        int mr = GemmKernel.MR, nr = GemmKernel.NR;
        List<Arguments> cases = new ArrayList<>();
        int[][] shapes = {
                {mr - 1, nr - 1, 7}, {mr, nr, 8}, {mr + 1, nr + 1, 9},
                {2 * mr + 1, 3 * nr - 1, GemmKernel.KC - 1}, {mr * 3, nr * 2, GemmKernel.KC + 1},
                {GemmKernel.MC + 7, GemmKernel.NC + nr + 3, GemmKernel.KC + 5},
                {GemmKernel.MC + 7, 3 * GemmKernel.NC + 5, GemmKernel.KC + 5},   // several column blocks per thread: A packed once
        };
        for (int[] s : shapes) {
            for (int combo = 0; combo < 4; combo++) {
                cases.add(Arguments.of(combo >= 2, combo % 2 == 1, s[0], s[1], s[2]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "transA={0} transB={1} m={2} n={3} k={4}")
    @MethodSource("blockEdgeSizes")
    void sizesAroundTileAndBlockEdgesMatchReference(boolean transA, boolean transB, int m, int n, int k) {
        var rnd = new SplittableRandom(m * 1_000_003L + n * 1_009L + k);
        assertMatchesReference(Problem.random(rnd, transA, transB, m, n, k, 3, true), POOL);
        assertMatchesReference(Problem.random(rnd, transA, transB, m, n, k, 0, false), THREE);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void randomShapesStridesAndOffsetsMatchReference(long seed) {
        var rnd = new SplittableRandom(seed);
        int m = 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 200);
        int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 300);
        int k = 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 400);
        var pr = Problem.random(rnd, rnd.nextBoolean(), rnd.nextBoolean(), m, n, k, rnd.nextInt(40), rnd.nextBoolean());
        assertMatchesReference(pr, rnd.nextBoolean() ? POOL : THREE);
    }

    @ParameterizedTest(name = "transA={0} transB={1}")
    @MethodSource("transposeCombinations")
    void oneRowAndOneColumnProductsMatchReference(boolean transA, boolean transB) {
        var rnd = new SplittableRandom(transA ? 11 : 12);
        // m = 1 (decode) and n = 1, long enough to be split across threads and to cross strips.
        assertMatchesReference(Problem.random(rnd, transA, transB, 1, 5000, 301, 2, false), POOL);
        assertMatchesReference(Problem.random(rnd, transA, transB, 1, 4099, 64, 0, true), THREE);
        assertMatchesReference(Problem.random(rnd, transA, transB, 3001, 1, 97, 1, true), POOL);
        assertMatchesReference(Problem.random(rnd, transA, transB, 1, 1, 1000, 3, false), POOL);
    }

    static Stream<Arguments> transposeCombinations() {
        return Stream.of(Arguments.of(false, false), Arguments.of(false, true),
                Arguments.of(true, false), Arguments.of(true, true));
    }

    @Test
    void zeroDepthClearsCOrLeavesItWhenAccumulating() {
        var rnd = new SplittableRandom(5);
        var cleared = Problem.random(rnd, false, true, 4, 5, 0, 2, false);
        var kept = Problem.random(rnd, true, false, 4, 5, 0, 2, true);
        assertMatchesReference(cleared, POOL);
        assertMatchesReference(kept, POOL);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {21, 22, 23, 24})
    void batchedMatchesReferenceForEveryMember(long seed) {
        var rnd = new SplittableRandom(seed);
        boolean transA = rnd.nextBoolean(), transB = rnd.nextBoolean(), accumulate = rnd.nextBoolean();
        // Small matrices (split across the batch) and one large enough to be split within itself.
        int[][] shapes = {{7, 9, 5, 11}, {1, 33, 17, 3}, {2, 450, 400, 200}};
        for (int[] s : shapes) {
            int batch = s[0], m = s[1], n = s[2], k = s[3];
            var members = new Problem[batch];
            var before = new float[batch][];
            for (int i = 0; i < batch; i++) {
                members[i] = Problem.random(rnd, transA, transB, m, n, k, 2, accumulate);
                before[i] = members[i].c().clone();
            }
            runBatched(members);
            for (int i = 0; i < batch; i++) assertResultMatchesReference(members[i], before[i]);
        }
    }

    /** Lays the members out back to back with gaps, runs one batched call, and copies C back. */
    private static void runBatched(Problem[] members) {
        Problem first = members[0];
        int gap = 13, strideA = first.a().length + gap, strideB = first.b().length + gap, strideC = first.c().length + gap;
        float[] a = new float[strideA * members.length], b = new float[strideB * members.length];
        float[] c = new float[strideC * members.length];
        for (int i = 0; i < members.length; i++) {
            System.arraycopy(members[i].a(), 0, a, i * strideA, strideA - gap);
            System.arraycopy(members[i].b(), 0, b, i * strideB, strideB - gap);
            System.arraycopy(members[i].c(), 0, c, i * strideC, strideC - gap);
        }
        Gemm.sgemmBatched(POOL, first.transA(), first.transB(), members.length, first.m(), first.n(), first.k(),
                a, first.aOff(), first.lda(), strideA, b, first.bOff(), first.ldb(), strideB,
                c, first.cOff(), first.ldc(), strideC, first.accumulate());
        for (int i = 0; i < members.length; i++) System.arraycopy(c, i * strideC, members[i].c(), 0, strideC - gap);
    }

    @Test
    void batchedMayShareOneBAcrossTheBatch() {
        var rnd = new SplittableRandom(41);
        int batch = 5, m = 9, n = 20, k = 7;
        float[] a = randomArray(rnd, batch * m * k), b = randomArray(rnd, k * n), c = new float[batch * m * n];
        Gemm.sgemmBatched(POOL, false, false, batch, m, n, k, a, 0, k, m * k, b, 0, n, 0, c, 0, n, m * n, false);
        for (int i = 0; i < batch; i++) {
            float[] result = Arrays.copyOfRange(c, i * m * n, (i + 1) * m * n);
            var member = new Problem(false, false, m, n, k, k, n, n, 0, 0, 0,
                    Arrays.copyOfRange(a, i * m * k, (i + 1) * m * k), b, result, false);
            assertResultMatchesReference(member, new float[m * n]);
        }
    }

    @Test
    void rejectsOperandsThatDoNotFitTheirArrays() {
        float[] small = new float[10], c = new float[100];
        assertThatThrownBy(() -> Gemm.sgemm(POOL, false, false, 4, 4, 4, small, 0, 4, small, 0, 4, c, 0, 4, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("A (1 x 4 x 4");
        assertThatThrownBy(() -> Gemm.sgemm(POOL, false, false, 2, 2, 4, c, 0, 3, c, 0, 2, c, 0, 2, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row stride is only 3");
        assertThatThrownBy(() -> Gemm.sgemm(POOL, false, false, -1, 2, 2, c, 0, 2, c, 0, 2, c, 0, 2, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> Gemm.sgemmBatched(POOL, false, false, 2, 2, 2, 2, c, 0, 2, 4, c, 0, 2, 0, c, 0, 2, 3, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("C matrices overlap");
    }
}
