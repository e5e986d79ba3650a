package jgpt.backend.cuda;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.stream.Collectors;
import jgpt.tensor.DType;

/**
 * The float32 and bf16 variants of a kernel. A variant's name spells the element types of its buffers, f for float32
 * and b for bf16, in argument order: {@code binary_fbf} adds a bf16 view to a float32 view into float32. The variants
 * of a kernel taking k buffers are indexed by combination: bit k-1-i set where buffer i is bf16, so 0 is all float32.
 */
final class ElementTypes {
    private ElementTypes() {
    }

    /** Whether type is BFLOAT16 rather than FLOAT32; any other type is refused with a message naming op. */
    static boolean isBf16(String op, DType type) {
        return combination(op, type) == 1;
    }

    /** The index of the combination of types (see the class comment); refuses any type but FLOAT32 and BFLOAT16. */
    static int combination(String op, DType... types) {
        int index = 0;
        for (DType type : types) {
            if (type != DType.FLOAT32 && type != DType.BFLOAT16) {
                throw new IllegalArgumentException(op + " on cuda takes float32 and bfloat16 buffers, not " + names(types));
            }
            index = 2 * index + (type == DType.BFLOAT16 ? 1 : 0);
        }
        return index;
    }

    /** The types' names, lower case, comma separated: "int32, float32". */
    static String names(DType... types) {
        return Arrays.stream(types).map(t -> t.name().toLowerCase()).collect(Collectors.joining(", "));
    }

    /**
     * Every variant of a kernel over arity buffers, by combination: index 0 is floatKernel (the float32 kernel, named
     * as before variants existed; null where there is none), index i > 0 is {@code prefix + "_" + letters of i}.
     */
    static MemorySegment[] variants(KernelModule module, String floatKernel, String prefix, int arity) {
        MemorySegment[] kernels = new MemorySegment[1 << arity];
        if (floatKernel != null) kernels[0] = module.function(floatKernel);
        for (int i = 1; i < kernels.length; i++) {
            StringBuilder letters = new StringBuilder();
            for (int bit = arity - 1; bit >= 0; bit--) letters.append((i >> bit & 1) == 1 ? 'b' : 'f');
            kernels[i] = module.function(prefix + "_" + letters);
        }
        return kernels;
    }
}
