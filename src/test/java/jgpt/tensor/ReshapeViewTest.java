package jgpt.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Reshape returns a view whenever the strided layout allows it, and the row-major element order never changes. */
class ReshapeViewTest {
    @Test
    void headsOfAQkvSliceAreAViewWithTheRightValues() {
        Tensor qkv = Tensor.randn(new Random(1), 1f, 2, 5, 3 * 12);      // (B, T, 3C), C = 12
        Tensor k = qkv.slice(2, 12, 24);                                 // (B, T, C), row stride 3C
        Tensor heads = k.reshape(2, 5, 3, 4);                            // (B, T, H, D)
        assertThat(heads.storage()).isSameAs(qkv.storage());
        assertThat(heads.toFloatArray()).containsExactly(k.toFloatArray());
    }

    @Test
    void aSingleQueryPositionJoinsHeadsWithoutACopy() {
        Tensor context = Tensor.randn(new Random(2), 1f, 1, 3, 1, 4);     // (B, H, Tq = 1, D)
        Tensor joined = context.transpose(1, 2).reshape(1, 1, 12);
        assertThat(joined.storage()).isSameAs(context.storage());
        assertThat(joined.toFloatArray()).containsExactly(context.toFloatArray());
    }

    @Test
    void mergingTransposedAxesCopies() {
        Tensor x = Tensor.randn(new Random(3), 1f, 4, 6).transpose(0, 1);   // (6, 4), strides (1, 6)
        Tensor flat = x.reshape(24);
        assertThat(flat.storage()).isNotSameAs(x.storage());
        assertThat(flat.toFloatArray()).containsExactly(rowMajor(x));
    }

    @Test
    void randomViewsReshapeToTheirRowMajorOrder() {
        Random rng = new Random(4);
        for (int trial = 0; trial < 300; trial++) {
            int[] shape = {1 + rng.nextInt(4), 1 + rng.nextInt(4), 1 + rng.nextInt(4), 1 + rng.nextInt(4)};
            Tensor t = Tensor.randn(rng, 1f, shape);
            if (rng.nextBoolean()) t = t.transpose(rng.nextInt(4), rng.nextInt(4));
            int axis = rng.nextInt(4), start = rng.nextInt(t.dim(axis));
            t = t.slice(axis, start, start + 1 + rng.nextInt(t.dim(axis) - start));
            int[] target = randomFactorization(rng, t.shape());
            Tensor r = t.reshape(target);
            assertThat(r.shape()).containsExactly(target);
            assertThat(r.toFloatArray()).as("%s -> %s", Shapes.str(t.shape()), Shapes.str(target)).containsExactly(rowMajor(t));
        }
    }

    // the elements of t in row-major order, read one index at a time through its strides
    private static float[] rowMajor(Tensor t) {
        float[] all = Tensor.dense(t.storage(), t.storage().size()).toFloatArray();
        int[] shape = t.shape(), strides = t.strides(), index = new int[shape.length];
        float[] out = new float[t.size()];
        for (int i = 0; i < out.length; i++) {
            int at = t.offset();
            for (int a = 0; a < shape.length; a++) at += index[a] * strides[a];
            out[i] = all[at];
            for (int a = shape.length - 1; a >= 0 && ++index[a] == shape[a]; a--) index[a] = 0;
        }
        return out;
    }

    // a shape with the same element count: adjacent axes merged, and size-1 axes inserted
    private static int[] randomFactorization(Random rng, int[] shape) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        int i = 0;
        while (i < shape.length) {
            int size = shape[i++];
            while (i < shape.length && rng.nextInt(3) == 0) size *= shape[i++];
            if (rng.nextInt(5) == 0) out.add(1);
            out.add(size);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
