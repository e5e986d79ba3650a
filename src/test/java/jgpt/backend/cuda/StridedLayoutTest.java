package jgpt.backend.cuda;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Layout simplification and allocator buckets: plain Java, runs without a GPU. */
class StridedLayoutTest {

    @Test
    void contiguousViewsCollapseToOneAxis() {
        StridedLayout layout = StridedLayout.of("copy", new int[] {2, 3, 4}, new int[] {12, 4, 1}, new int[] {12, 4, 1});
        assertThat(layout.shape()).containsExactly(24);
        assertThat(layout.stridesA()).containsExactly(1);
    }

    @Test
    void broadcastAndTransposedAxesStaySeparateAndSizeOneAxesGo() {
        // a (2, 1, 3, 4) with a transposed last pair; b broadcast along axis 0
        StridedLayout layout = StridedLayout.of("add", new int[] {2, 1, 3, 4}, new int[] {12, 12, 1, 3}, new int[] {0, 0, 4, 1});
        assertThat(layout.shape()).containsExactly(2, 3, 4);
        assertThat(layout.stridesA()).containsExactly(12, 1, 3);
        assertThat(layout.stridesB()).containsExactly(0, 4, 1);
        assertThat(layout.struct().byteSize()).isEqualTo(4L * (1 + 3 * StridedLayout.MAX_RANK));
    }

    @Test
    void fourAtATimeNeedsContiguousInnerRunsOfFourAndAlignedBases() {
        // (B, T, H, D) read transposed to (B, H, T, D): D = 64 runs stay contiguous
        StridedLayout heads = StridedLayout.of("copy", new int[] {2, 3, 5, 64}, new int[] {960, 64, 192, 1}, new int[] {960, 320, 64, 1});
        assertThat(heads.inFours(0, 4, 256, 4)).isTrue();
        assertThat(heads.inFours(0, 4, 8, 4)).as("unaligned base").isFalse();
        assertThat(heads.inFours(0, 4, 8, 2)).as("bf16 base aligned to four elements").isTrue();
        assertThat(heads.inFours(4, 2, 0, 4)).as("bf16 base aligned to two elements").isFalse();
        StridedLayout odd = StridedLayout.of("copy", new int[] {3, 6}, new int[] {7, 1}, new int[] {6, 1});
        assertThat(odd.inFours(0, 4, 0, 4)).as("inner size 6").isFalse();
        StridedLayout rowStride = StridedLayout.of("add", new int[] {3, 8}, new int[] {10, 1}, new int[] {8, 1});
        assertThat(rowStride.inFours(0, 4, 0, 4)).as("row stride 10").isFalse();
        StridedLayout bias = StridedLayout.of("add", new int[] {3, 8}, new int[] {8, 1}, new int[] {0, 1});
        assertThat(bias.inFours(0, 4, 0, 4)).as("bias broadcast over rows").isTrue();
        StridedLayout scalar = StridedLayout.of("add", new int[] {3, 8}, new int[] {8, 1}, new int[] {0, 0});
        assertThat(scalar.inFours(0, 4, 0, 4)).as("broadcast along the inner axis").isFalse();
    }

    @Test
    void tooManyAxesFailWithOneSentence() {
        int[] shape = new int[9], a = new int[9], b = new int[9];
        for (int d = 0; d < 9; d++) {
            shape[d] = 2;
            a[d] = 1 << (2 * (8 - d));   // gaps between axes: nothing merges
            b[d] = 1 << (8 - d);
        }
        assertThatThrownBy(() -> StridedLayout.of("copyStrided", shape, a, b)).hasMessageContaining("more than 8");
    }

    @Test
    void allocatorBucketsRoundUp() {
        assertThat(DeviceAllocator.bucket(0)).isZero();
        assertThat(DeviceAllocator.bucket(1)).isEqualTo(512);
        assertThat(DeviceAllocator.bucket(513)).isEqualTo(1024);
        assertThat(DeviceAllocator.bucket(1 << 20)).isEqualTo(1 << 20);
        assertThat(DeviceAllocator.bucket((1 << 20) + 1)).isEqualTo(2 << 20);
        assertThat(DeviceAllocator.bucket((5 << 20) + 7)).isEqualTo(6 << 20);
    }

    @Test
    void cudaInfoNeverThrows() {
        CudaInfo info = CudaInfo.probe();
        assertThat(info.describe()).isNotBlank();
        if (!info.available()) assertThat(info.reason()).doesNotContain("\n");
    }
}
