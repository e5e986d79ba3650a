package jgpt.backend.cuda;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The buffer lists of a multi-tensor kernel (AdamW, the global norm), which a launch carries among its arguments: a
 * struct of capacity entries, then their count (an int, padded to 8 bytes). Each entry says which block of the grid is
 * its first, and each block of the kernel finds its entry by binary search (common.cuh's entry_of_block). Nothing is
 * uploaded: cuLaunchKernel copies its arguments, whereas a table copied from pageable memory makes the host wait for
 * the GPU, and a table of gradients would change every step (each is the backward pass's own new buffer).
 */
final class MultiTensorLists {
    private MultiTensorLists() {
    }

    /** One launch: its list (the kernel's struct) and the blocks its grid has. */
    record Launch(MemorySegment list, int blocks) {
    }

    /** Writes entry index of the buffers into list at offset, with the grid's first block that is its. */
    interface EntryWriter {
        void write(MemorySegment list, long offset, int index, int firstBlock);
    }

    /**
     * The launches for count buffers, entries of entryBytes, up to capacity a launch; buffer i takes blocksOf(i) blocks,
     * and buffers of none are left out.
     */
    static List<Launch> of(int count, int capacity, int entryBytes, IntUnaryOperator blocksOf, EntryWriter writer) {
        List<Launch> launches = new ArrayList<>();
        MemorySegment list = null;
        int entries = 0, blocks = 0;
        for (int i = 0; i < count; i++) {
            int blocksOfBuffer = blocksOf.applyAsInt(i);
            if (blocksOfBuffer == 0) continue;
            if (list == null) list = MemorySegment.ofArray(new long[capacity * entryBytes / 8 + 1]);
            writer.write(list, (long) entryBytes * entries, i, blocks);
            blocks += blocksOfBuffer;
            if (++entries == capacity) {
                launches.add(finished(list, entries, blocks, capacity * entryBytes));
                list = null;
                entries = blocks = 0;
            }
        }
        if (list != null) launches.add(finished(list, entries, blocks, capacity * entryBytes));
        return launches;
    }

    private static Launch finished(MemorySegment list, int entries, int blocks, long countOffset) {
        list.set(JAVA_INT, countOffset, entries);
        return new Launch(list, blocks);
    }
}
