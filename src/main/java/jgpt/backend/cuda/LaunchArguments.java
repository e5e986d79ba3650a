package jgpt.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One thread's native block for a kernel's arguments: the array of pointers cuLaunchKernel takes and the
 * values they point at. cuLaunchKernel copies the values before it returns, so the block is refilled for
 * every launch instead of allocating (and freeing) native memory per argument, which cost microseconds a
 * launch when decoding queues a few hundred small kernels per token.
 */
final class LaunchArguments {
    private static final int MAX_ARGUMENTS = 32;
    private static final long VALUE_BYTES = 32_768;   // a kernel takes up to 32,764 bytes of arguments (CUDA 12.1+)
    private static final long SLOT_ALIGNMENT = 8;
    private final MemorySegment pointers;
    private final MemorySegment values;

    LaunchArguments() {
        Arena arena = Arena.ofAuto();
        this.pointers = arena.allocate(ADDRESS, MAX_ARGUMENTS);
        this.values = arena.allocate(VALUE_BYTES, 16);
    }

    /**
     * The pointer array for args: Long (device pointers, 64-bit integers), Integer, Float, Double, or a MemorySegment
     * holding a struct. Valid until the next fill on this thread.
     */
    MemorySegment fill(Object... args) {
        if (args.length > MAX_ARGUMENTS) throw new IllegalArgumentException(args.length + " kernel arguments, more than " + MAX_ARGUMENTS);
        long at = 0;
        for (int i = 0; i < args.length; i++) {
            long size = switch (args[i]) {
                case Long v -> 8;
                case Integer v -> 4;
                case Float v -> 4;
                case Double v -> 8;
                case MemorySegment struct -> struct.byteSize();
                default -> throw new IllegalArgumentException("kernel argument of type " + args[i].getClass().getSimpleName());
            };
            if (at + size > VALUE_BYTES) throw new IllegalArgumentException("kernel arguments exceed " + VALUE_BYTES + " bytes");
            MemorySegment slot = values.asSlice(at, size);
            switch (args[i]) {
                case Long v -> slot.set(JAVA_LONG, 0, v);
                case Integer v -> slot.set(JAVA_INT, 0, v);
                case Float v -> slot.set(JAVA_FLOAT, 0, v);
                case Double v -> slot.set(JAVA_DOUBLE, 0, v);
                case MemorySegment struct -> slot.copyFrom(struct);
                default -> throw new AssertionError();
            }
            pointers.setAtIndex(ADDRESS, i, slot);
            at += (size + SLOT_ALIGNMENT - 1) / SLOT_ALIGNMENT * SLOT_ALIGNMENT;
        }
        return pointers;
    }
}
