package jgpt.tensor;

import java.util.Locale;

/** How a Linear layer's weight is held for inference: float32, bfloat16, or int8 with one float scale per row. */
public enum WeightFormat {
    FP32(4), BF16(2), INT8(1);

    private final int bytesPerWeight;

    WeightFormat(int bytesPerWeight) {
        this.bytesPerWeight = bytesPerWeight;
    }

    /** Bytes each weight takes (int8's per-row scales not counted). */
    public int bytesPerWeight() {
        return bytesPerWeight;
    }

    /** "fp32", "bf16" or "int8"; flag is the option named in the message when text is none of them. */
    public static WeightFormat parse(String text, String flag) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + " must be fp32, bf16 or int8, got '" + text + "'.");
        }
    }
}
