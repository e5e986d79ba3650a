package jgpt.backend.cuda;

import java.util.Arrays;
import java.util.Random;
import jgpt.nn.AdamW;
import jgpt.nn.ParamGroup;
import jgpt.tensor.Device;
import jgpt.tensor.Tensor;

/**
 * Times one training step (forward, backward, AdamW) of a small GPT on the GPU and on the CPU, for the device
 * scripts: {@code java -cp ... jgpt.backend.cuda.TrainingStepTiming [layers channels heads context batch vocab]}.
 */
public final class TrainingStepTiming {
    private TrainingStepTiming() {
    }

    public static void main(String[] args) {
        int[] a = args.length == 6 ? Arrays.stream(args).mapToInt(Integer::parseInt).toArray() : new int[] {4, 256, 8, 128, 8, 4096};
        var config = new TinyGpt.Config(a[5], a[3], a[1], a[2], a[0], 0.1f);
        int batch = a[4];
        System.out.printf("model: %d layers, C=%d, H=%d, T=%d, V=%d; batch %d x %d tokens%n", a[0], a[1], a[2], a[3], a[5], batch, a[3]);
        double gpu = millisPerStep(config, batch, Device.CUDA, 3, 10);
        double cpu = millisPerStep(config, batch, Device.CPU, 1, 3);
        int tokens = batch * config.context();
        System.out.printf("gpu  %8.2f ms/step  %10.0f tokens/s  (%s)%n", gpu, tokens / gpu * 1e3, CudaBackend.get().deviceName());
        System.out.printf("cpu  %8.2f ms/step  %10.0f tokens/s  (%d threads)%n", cpu, tokens / cpu * 1e3, Runtime.getRuntime().availableProcessors());
        System.out.printf("gpu speed-up: %.1fx%n", cpu / gpu);
    }

    /** Median wall time of measured steps after warm-up steps; the GPU is synchronised by reading the loss. */
    private static double millisPerStep(TinyGpt.Config config, int batch, Device device, int warmup, int measured) {
        TinyGpt model = new TinyGpt(config, 1, device);
        AdamW optimizer = new AdamW(ParamGroup.decayMatricesOnly(model.parameters(), 0.1f), 3e-4f);
        Random rng = new Random(2);
        double[] times = new double[measured];
        for (int step = 0; step < warmup + measured; step++) {
            Tensor[] data = TinyGpt.batch(rng, batch, config.context(), config.vocab(), device);
            long start = System.nanoTime();
            optimizer.zeroGrad();
            Tensor loss = model.loss(data[0], data[1]);
            loss.backward();
            optimizer.step();
            float value = loss.item();
            if (device == Device.CUDA) CudaBackend.get().synchronize();
            if (step >= warmup) times[step - warmup] = (System.nanoTime() - start) / 1e6;
            if (step == warmup + measured - 1) System.out.printf("%s loss after %d steps: %.4f%n", device, step + 1, value);
        }
        Arrays.sort(times);
        return times[measured / 2];
    }
}
