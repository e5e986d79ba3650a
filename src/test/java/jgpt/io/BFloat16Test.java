package jgpt.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BFloat16Test {

    /** float32 bits -> bfloat16 bits, worked out by hand from the bit patterns. */
    @ParameterizedTest(name = "{0} -> {1} ({2})")
    @CsvSource({
            "3F800000, 3F80, one",
            "C0000000, C000, minus two",
            "00000000, 0000, zero",
            "80000000, 8000, minus zero",
            "7F800000, 7F80, infinity",
            "FF800000, FF80, minus infinity",
            "3F808000, 3F80, tie with even neighbour below: stays",
            "3F818000, 3F82, tie with odd neighbour below: goes up to even",
            "BF818000, BF82, negative tie goes away from zero to even",
            "3F808001, 3F81, just above a tie",
            "3F807FFF, 3F80, just below a tie",
            "40490FDB, 4049, pi rounds down to 3.140625",
            "3EAAAAAB, 3EAB, one third rounds up",
            "7F7F7FFF, 7F7F, just below the midpoint to 2^128: largest bfloat16",
            "7F7FFFFF, 7F80, largest float rounds to infinity",
            "00000001, 0000, smallest subnormal float rounds to zero",
            "00010000, 0001, smallest subnormal bfloat16 is exact",
            "00008000, 0000, subnormal tie with even neighbour below",
            "00018000, 0002, subnormal tie with odd neighbour below",
            "007FFFFF, 0080, largest subnormal float rounds up to the smallest normal",
            "7FC00000, 7FC0, quiet NaN",
            "7F800001, 7FC0, NaN with payload only in the low bits stays NaN",
            "FFC00001, FFC0, negative NaN keeps its sign",
    })
    void roundsToNearestEven(String floatBits, String expectedBits, String why) {
        float value = Float.intBitsToFloat(Integer.parseUnsignedInt(floatBits, 16));
        short expected = (short) Integer.parseInt(expectedBits, 16);
        assertThat(BFloat16.fromFloat(value)).as(why).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"3F80, 1.0", "C000, -2.0", "4049, 3.140625", "7F7F, 3.3895314E38", "0080, 1.17549435E-38"})
    void widensExactly(String bits, float expected) {
        assertThat(BFloat16.toFloat((short) Integer.parseInt(bits, 16))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0001", "8001", "7F80", "FF80", "7FC0"})
    void widensSpecialValues(String bits) {
        int b = Integer.parseInt(bits, 16);
        assertThat(Float.floatToRawIntBits(BFloat16.toFloat((short) b))).isEqualTo(b << 16);
    }

    /** Random float bit patterns, normal and subnormal, against a rounding worked out on values in double. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void agreesWithRoundingDoneOnValues(long seed) {
        var random = new SplittableRandom(seed);
        for (int i = 0; i < 200_000; i++) {
            int bits = i % 4 == 0 ? random.nextInt(0x0080_0000) : random.nextInt(); // a quarter subnormal
            float value = Float.intBitsToFloat(bits);
            if (!Float.isNaN(value)) {
                assertThat(BFloat16.fromFloat(value)).as("bits %08x", bits).isEqualTo(nearestBFloat16(value));
            }
        }
    }

    /**
     * The reference: of the two bfloat16 values around {@code x} (its truncation and the next one
     * away from zero, 2^128 standing in for infinity), the nearer by exact double arithmetic, the
     * one with an even last bit on a tie.
     */
    static short nearestBFloat16(float x) {
        int truncated = Float.floatToRawIntBits(Math.abs(x)) >>> 16;
        double below = BFloat16.toFloat((short) truncated);
        double above = truncated + 1 == 0x7F80 ? Math.scalb(1.0, 128) : BFloat16.toFloat((short) (truncated + 1));
        double distanceBelow = Math.abs(x) - below;
        double distanceAbove = above - Math.abs(x);
        boolean up = distanceAbove < distanceBelow || (distanceAbove == distanceBelow && (truncated & 1) == 1);
        int magnitude = up ? truncated + 1 : truncated;
        return (short) (x < 0 || (x == 0 && 1 / x < 0) ? magnitude | 0x8000 : magnitude);
    }
}
