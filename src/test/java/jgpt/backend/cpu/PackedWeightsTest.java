package jgpt.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import jgpt.io.BFloat16;
import jgpt.tensor.WeightFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reduced-precision Linear weights against a double-precision loop over the same rounded weights. */
class PackedWeightsTest {

    @ParameterizedTest
    @CsvSource({"BF16, 1, 37, 45", "BF16, 3, 64, 130", "INT8, 1, 37, 45", "INT8, 4, 96, 200", "INT8, 1, 768, 257"})
    void multiplyMatchesReferenceOverRoundedWeights(WeightFormat format, int n, int cols, int rows) {
        var rnd = new Random(rows * 31L + cols);
        float[] w = gaussian(rnd, rows * cols), x = gaussian(rnd, n * cols), bias = gaussian(rnd, rows);
        PackedWeights packed = PackedWeights.pack(w, rows, cols, format);
        float[] y = new float[n * rows];
        packed.multiply(new ThreadPool(2), x, n, bias, y);
        double[] rounded = rounded(w, rows, cols, format);
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < rows; r++) {
                double expected = bias[r];
                for (int j = 0; j < cols; j++) expected += rounded[r * cols + j] * x[i * cols + j];
                assertThat((double) y[i * rows + r]).as("y[%d][%d]", i, r).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-4 * Math.sqrt(cols)));
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"BF16", "INT8"})
    void roundingErrorIsWithinHalfAStep(WeightFormat format) {
        var rnd = new Random(7);
        int rows = 20, cols = 50;
        float[] w = gaussian(rnd, rows * cols);
        double[] rounded = rounded(w, rows, cols, format);
        for (int r = 0; r < rows; r++) {
            double max = 0;
            for (int j = 0; j < cols; j++) max = Math.max(max, Math.abs(w[r * cols + j]));
            for (int j = 0; j < cols; j++) {
                double err = Math.abs(rounded[r * cols + j] - w[r * cols + j]);
                // bf16 keeps 8 significant bits (relative error <= 2^-8); int8 steps are max/127 wide
                double bound = format == WeightFormat.BF16 ? Math.abs(w[r * cols + j]) / 256 : max / 127 / 2 * 1.0001;
                assertThat(err).isLessThanOrEqualTo(bound);
            }
        }
    }

    /** The weights as the format holds them, worked out independently of PackedWeights. */
    private static double[] rounded(float[] w, int rows, int cols, WeightFormat format) {
        double[] out = new double[w.length];
        for (int r = 0; r < rows; r++) {
            double max = 0;
            for (int j = 0; j < cols; j++) max = Math.max(max, Math.abs(w[r * cols + j]));
            double scale = (float) (max / 127);
            for (int j = 0; j < cols; j++) {
                float v = w[r * cols + j];
                out[r * cols + j] = format == WeightFormat.BF16 ? BFloat16.toFloat(BFloat16.fromFloat(v)) : Math.rint(v / scale) * scale;
            }
        }
        return out;
    }

    private static float[] gaussian(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) rnd.nextGaussian();
        return v;
    }
}
