package jgpt.backend.cuda;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The host reference the bf16 kernels are checked against, on values worked out by hand. */
class Bf16RoundingTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "3f800000, 3f80",  // 1
            "3f808000, 3f80",  // 1 + 2^-8: half way, to the even 1
            "3f818000, 3f82",  // half way between 0x3f81 and 0x3f82: to the even one above
            "3f808001, 3f81",  // just past half way
            "3f817fff, 3f81",  // just short of half way
            "bf808000, bf80",
            "bf818000, bf82",
            "7f7f7fff, 7f7f",  // stays the largest finite bf16
            "7f7f8000, 7f80",  // half way to the next power: infinity, the even one
            "7f7fffff, 7f80",  // the largest float: infinity
            "00000001, 0000",  // the smallest subnormal float: to 0
            "00008000, 0000",  // half way to the smallest bf16 subnormal: to the even 0
            "00008001, 0001",
            "00018000, 0002",
            "007fffff, 0080",  // the largest subnormal float rounds up to 2^-126
            "807fffff, 8080",
            "80000000, 8000",
            "7f800000, 7f80",
            "ff800000, ff80"})
    void roundsToNearestTiesToEven(String floatBits, String bf16Bits) {
        float x = Float.intBitsToFloat(Integer.parseUnsignedInt(floatBits, 16));
        int rounded = Float.floatToRawIntBits(Bf16Rounding.round(x));
        assertThat(rounded & 0xffff).as("low bits").isZero();
        assertThat(Integer.toHexString(rounded >>> 16)).isEqualTo(Integer.toHexString(Integer.parseInt(bf16Bits, 16)));
    }

    @ParameterizedTest
    @CsvSource({"7fc00000", "7f800001", "ffc00001"})
    void nanStaysNan(String floatBits) {
        assertThat(Bf16Rounding.round(Float.intBitsToFloat(Integer.parseUnsignedInt(floatBits, 16)))).isNaN();
    }
}
