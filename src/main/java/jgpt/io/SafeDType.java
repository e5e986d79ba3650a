package jgpt.io;

import java.util.Optional;

/**
 * The element types the safetensors format names in its header. jgpt converts F32, F16 and BF16
 * to float and I32, I64 to int; the others are recognised so that a file holding them still opens
 * and a read of such a tensor fails with a clear message.
 */
public enum SafeDType {
    BOOL(1), U8(1), I8(1), F8_E5M2(1), F8_E4M3(1), F8_E8M0(1),
    I16(2), U16(2), F16(2), BF16(2),
    I32(4), U32(4), F32(4),
    I64(8), U64(8), F64(8), C64(8);

    private final int byteSize;

    SafeDType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** True for the types {@link SafeTensorsFile#readFloats} converts. */
    public boolean isReadableAsFloat() {
        return this == F32 || this == F16 || this == BF16;
    }

    /** True for the types {@link SafeTensorsFile#readInts} converts. */
    public boolean isReadableAsInt() {
        return this == I32 || this == I64;
    }

    /** The type the header spells {@code name}, if the format defines one of that name. */
    public static Optional<SafeDType> fromHeaderName(String name) {
        for (SafeDType t : values()) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
