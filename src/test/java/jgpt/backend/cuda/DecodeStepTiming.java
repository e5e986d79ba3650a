package jgpt.backend.cuda;

import java.util.Random;
import jgpt.generate.Decoder;
import jgpt.generate.Sampler;
import jgpt.model.GPTConfig;
import jgpt.model.GPTModel;
import jgpt.tensor.Device;

/**
 * Where a decoded token's time goes, for the device scripts: the wall time of one {@link Decoder#feed} of a single id
 * (GPU work, launch, synchronisation and the logits' download) beside the host's greedy pick from those logits.
 * {@code java -cp ... jgpt.backend.cuda.DecodeStepTiming [preset] [fp32|bf16]}
 */
public final class DecodeStepTiming {
    private DecodeStepTiming() {
    }

    public static void main(String[] args) {
        String preset = args.length > 0 ? args[0] : "gpt2-small";
        CudaBackend.get().setPrecision(Precision.parse(args.length > 1 ? args[1] : "fp32"));
        GPTModel model = new GPTModel(GPTConfig.preset(preset), 0, Device.CUDA);
        model.eval();
        Decoder decoder = Decoder.of(model);
        Random rng = new Random(1);
        int vocab = model.config().vocabSize(), tokens = 400;
        decoder.feed(rng.ints(32, 0, vocab).toArray());
        for (int i = 0; i < 50; i++) decoder.feed(new int[] {rng.nextInt(vocab)});
        long feed = 0, pick = 0;
        int picked = 0;
        for (int i = 0; i < tokens; i++) {
            long t0 = System.nanoTime();
            float[] logits = decoder.feed(new int[] {rng.nextInt(vocab)});
            long t1 = System.nanoTime();
            picked += Sampler.argmax(logits);
            pick += System.nanoTime() - t1;
            feed += t1 - t0;
        }
        System.out.printf("%s %s (%s): feed %.1f us/token, greedy pick %.1f us/token (positions 82..%d; %d)%n", preset,
                CudaBackend.get().precision(), decoder.getClass().getSimpleName(), feed / 1e3 / tokens, pick / 1e3 / tokens,
                82 + tokens, picked % 10);
    }
}
