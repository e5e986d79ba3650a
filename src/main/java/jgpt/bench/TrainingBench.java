package jgpt.bench;

import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Random;
import jgpt.backend.cuda.CudaBackend;
import jgpt.backend.cuda.Precision;
import jgpt.model.GPTConfig;
import jgpt.model.GPTModel;
import jgpt.nn.AdamW;
import jgpt.nn.GradientClipping;
import jgpt.nn.ParamGroup;
import jgpt.tensor.Device;
import jgpt.tensor.Functional;
import jgpt.tensor.Tensor;

/**
 * Times full training steps (forward, cross-entropy, backward, AdamW) of a GPT preset on random tokens, the
 * way shared/anchors/torch_gpu_gpt.py times PyTorch: one fixed batch, dropout off unless asked for, warm-up steps first, then
 * the wall time of the measured steps over their number, with the device synchronised at both ends.
 */
public final class TrainingBench {
    private TrainingBench() {
    }

    /**
     * @param vocab      the vocabulary size, or 0 for the preset's (the anchor pads GPT-2's 50257 to 50304)
     * @param peakTflops the measured bf16 GEMM peak that MFU is relative to, or 0 to leave MFU out
     * @param asTrainer  each step also clips the gradients' global norm to 1 on the device, and its loss and the norm are
     *                   read once the next step is queued, as {@link jgpt.train.Trainer} does (one wait for the device a
     *                   step)
     */
    public record Options(String preset, Device device, Precision precision, int batch, int seq, int vocab,
                          int warmup, int steps, double peakTflops, float dropout, boolean anchor, boolean asTrainer) {
        public Options {
            if (batch < 1 || seq < 1 || warmup < 0 || steps < 1) {
                throw new IllegalArgumentException("--batch, --seq and --steps must be at least 1 and --warmup at least 0");
            }
            if (dropout < 0 || dropout >= 1) throw new IllegalArgumentException("--dropout must be in [0, 1), got " + dropout);
            if (anchor && device != Device.CPU) throw new IllegalArgumentException("--anchor times PyTorch on the CPU; it needs --device cpu");
            if (device == Device.CPU && precision != Precision.FP32) {
                throw new IllegalArgumentException("--precision " + precision.name().toLowerCase() + " needs --device cuda");
            }
        }
    }

    /** What one run measured; hostWaits: how often a timed step waited for the GPU (0 off the GPU). */
    public record Result(double millisPerStep, double tokensPerSecond, double flopsPerToken, float finalLoss,
                         long collections, long collectionMillis, long peakMemoryBytes, double hostWaits) {
    }

    public static Result run(Options options, PrintWriter out) {
        GPTConfig config = config(options.preset(), options.vocab(), options.seq(), options.dropout());
        if (options.device() == Device.CUDA) CudaBackend.get().setPrecision(options.precision());
        GPTModel model = new GPTModel(config, 0, options.device());
        AdamW optimizer = new AdamW(ParamGroup.decayMatricesOnly(model.parameters(), 0.1f), 6e-4f);
        Tensor[] batch = randomBatch(new Random(0), options.batch(), options.seq(), config.vocabSize(), options.device());
        long params = model.parameterCount();
        if (options.device() == Device.CPU) out.println("machine  " + MachineInfo.describe(jgpt.backend.cpu.CpuBackend.get().threads()));
        out.printf("model    %s: %,d parameters, %d layers, C=%d, V=%d; batch %d x %d tokens, dropout %s; %s %s%n", options.preset(), params,
                config.nLayers(), config.embDim(), config.vocabSize(), options.batch(), options.seq(), options.dropout(),
                options.device().name().toLowerCase(), options.precision().name().toLowerCase());
        out.flush();
        for (int i = 0; i < options.warmup(); i++) step(model, optimizer, batch, options.asTrainer());
        synchronize(options.device());
        if (options.device() == Device.CUDA) CudaBackend.get().restartProfile();
        long[] gcBefore = collections();
        long waitsBefore = hostWaits(options.device());
        long start = System.nanoTime();
        Tensor unread = null;
        for (int i = 0; i < options.steps(); i++) {
            Tensor queued = step(model, optimizer, batch, options.asTrainer());
            if (options.asTrainer() && unread != null) unread.toFloatArray();   // as Trainer: a step is read once the next is queued
            unread = queued;
        }
        double waits = (double) (hostWaits(options.device()) - waitsBefore) / options.steps();
        synchronize(options.device());
        double millis = (System.nanoTime() - start) / 1e6 / options.steps();
        long[] gcAfter = collections();
        float loss = step(model, optimizer, batch, options.asTrainer()).toFloatArray()[0];
        int tokens = options.batch() * options.seq();
        // PaLM's count: 6 flops per parameter per token, plus attention's 12 L C T (as if not causal)
        double flopsPerToken = 6.0 * params + 12.0 * config.nLayers() * config.embDim() * options.seq();
        Result result = new Result(millis, tokens / millis * 1e3, flopsPerToken, loss, gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1],
                MachineInfo.peakMemoryBytes(), waits);
        print(options, result, out);
        if (options.device() == Device.CPU) out.println("memory   " + MachineInfo.peakMemory());
        if (options.anchor()) printAnchor(options, result, out);
        out.flush();
        return result;
    }

    /** The preset's model with vocab (0: the preset's), a context of at least seq and the given dropout. */
    public static GPTConfig config(String presetName, int vocab, int seq, float dropout) {
        GPTConfig preset = GPTConfig.preset(presetName);
        return new GPTConfig(vocab > 0 ? vocab : preset.vocabSize(), Math.max(preset.contextLength(), seq), preset.embDim(),
                preset.nHeads(), preset.nLayers(), dropout, preset.qkvBias(), preset.tiedHead());
    }

    private static void printAnchor(Options options, Result ours, PrintWriter out) {
        if (!options.preset().equals("book-124m")) out.println("anchor   note: the anchor is the book-124m architecture; this run used " + options.preset());
        int threads = jgpt.backend.cpu.CpuBackend.get().threads();
        TorchCpuAnchor.run("train", threads, options.batch(), options.seq(), options.dropout(), options.steps(), 0, out)
                .ifPresent(t -> out.printf("ratio    jgpt / PyTorch: %.2fx tokens/s (%.1f vs %.1f); peak memory %.2f vs %.2f GiB (%.2fx)%n",
                        ours.tokensPerSecond() / t.tokensPerSecond(), ours.tokensPerSecond(), t.tokensPerSecond(),
                        ours.peakMemoryBytes() / 1073741824.0, t.peakMib() / 1024, ours.peakMemoryBytes() / 1048576.0 / t.peakMib()));
    }

    private static void print(Options options, Result r, PrintWriter out) {
        double tflops = r.tokensPerSecond() * r.flopsPerToken() / 1e12;
        String mfu = options.peakTflops() > 0 ? String.format(", MFU %.1f%% of %.0f TFLOP/s", 100 * tflops / options.peakTflops(),
                options.peakTflops()) : "";
        String memory = "";
        if (options.device() == Device.CUDA) {
            long[] use = CudaBackend.get().memoryUse();
            memory = String.format(", GPU memory %.1f GiB live + %.1f GiB cached; host waits %.1f a step", use[0] / 1073741824.0,
                    use[1] / 1073741824.0, r.hostWaits());
        }
        out.printf("TRAIN jgpt %s %s %s B=%d T=%d: %.1f ms/step, %,.0f tok/s, %.0f TFLOP/s%s; loss %.4f; %d GCs (%d ms) in %d steps%s%n",
                options.preset(), options.precision().name().toLowerCase(), options.device().name().toLowerCase(), options.batch(),
                options.seq(), r.millisPerStep(), r.tokensPerSecond(), tflops, mfu, r.finalLoss(), r.collections(), r.collectionMillis(),
                options.steps(), memory);
        out.flush();
    }

    // one queued step: returns its loss (1), or with asTrainer its loss and gradient norm (2)
    private static Tensor step(GPTModel model, AdamW optimizer, Tensor[] batch, boolean asTrainer) {
        optimizer.zeroGrad();
        Tensor logits = model.forward(batch[0]);                              // (B, T, V)
        int v = logits.dim(2);
        Tensor loss = Functional.crossEntropy(logits.reshape(-1, v), batch[1].reshape(-1));
        loss.backwardAndFree();
        if (!asTrainer) {
            optimizer.step();
            return loss;
        }
        Tensor norm = GradientClipping.clipGlobalNorm(model.parameters(), 1.0);
        optimizer.step();
        return Functional.concat(List.of(loss.detach().reshape(1), norm.reshape(1)), 0);   // (2) loss and norm, read as Trainer reads them
    }

    // ids and next-token targets, int32 (B, T) each, from one random sequence of T + 1 tokens per row
    private static Tensor[] randomBatch(Random rng, int b, int t, int vocab, Device device) {
        int[] ids = new int[b * t], targets = new int[b * t];
        for (int row = 0; row < b; row++) {
            int previous = rng.nextInt(vocab);
            for (int i = 0; i < t; i++) {
                int next = rng.nextInt(vocab);
                ids[row * t + i] = previous;
                targets[row * t + i] = next;
                previous = next;
            }
        }
        return new Tensor[] {Tensor.ofInts(ids, b, t).to(device), Tensor.ofInts(targets, b, t).to(device)};
    }

    // {collections, milliseconds} of all garbage collectors so far (device blocks return when tensors are collected)
    private static long[] collections() {
        long count = 0, millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    private static void synchronize(Device device) {
        if (device == Device.CUDA) CudaBackend.get().synchronize();
    }

    private static long hostWaits(Device device) {
        return device == Device.CUDA ? CudaBackend.get().hostWaits() : 0;
    }
}
