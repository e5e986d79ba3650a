package jgpt.generate;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import jgpt.model.GPTModel;
import jgpt.tensor.Tensor;
import jgpt.tokenizer.Tokenizer;

/**
 * Text generation with a GPT model: sampling as a {@link GenerationConfig} says, tokens streamed as they are
 * made, and a KV cache so each new token costs one position's work. When the context length is reached the
 * context slides: the cache is rebuilt from the last three quarters of the context.
 */
public final class Generator {
    private final GPTModel model;
    private final Tokenizer tokenizer;

    /** The new ids, their text, and why generation ended. */
    public record Result(int[] ids, String text, StopReason reason) {
    }

    public enum StopReason { MAX_TOKENS, END_OF_TEXT, STOP_STRING }

    public Generator(GPTModel model, Tokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
    }

    /** Generates text after prompt, passing each new piece of text to onText as soon as it is known. */
    public Result generate(String prompt, GenerationConfig config, Consumer<String> onText) {
        int[] promptIds = tokenizer.encode(prompt, tokenizer.specialTokens());
        if (promptIds.length == 0) promptIds = new int[] {tokenizer.endOfTextId().orElse(0)};
        var text = new TextStream(tokenizer, config.stopStrings(), onText);
        int endOfText = config.stopAtEndOfText() ? tokenizer.endOfTextId().orElse(-1) : -1;
        int[] ids = generateIds(promptIds, config, id -> id != endOfText && text.accept(id));
        text.finish();
        StopReason reason = text.stopped() ? StopReason.STOP_STRING
                : ids.length > 0 && ids[ids.length - 1] == endOfText ? StopReason.END_OF_TEXT : StopReason.MAX_TOKENS;
        return new Result(ids, text.text(), reason);
    }

    /**
     * Generates up to maxNewTokens ids after promptIds; each new id goes to onToken, which returns false to
     * stop (that id is still part of the result). Returns the new ids.
     */
    public int[] generateIds(int[] promptIds, GenerationConfig config, IntPredicate onToken) {
        if (promptIds.length == 0) throw new IllegalArgumentException("generation needs at least one prompt token");
        if (config.maxNewTokens() == 0) return new int[0];
        var sampler = new Sampler(config.sampling());
        int[] all = Arrays.copyOf(promptIds, promptIds.length + config.maxNewTokens());
        int n = promptIds.length, made = 0;
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var noGrad = Tensor.noGrad()) {
            var context = config.kvCache() ? new CachedContext(model) : null;
            int next = sampler.next(context != null ? context.restart(all, n) : recompute(all, n));
            while (made < config.maxNewTokens()) {
                all[n++] = next;
                made++;
                if (!onToken.test(next) || made == config.maxNewTokens()) break;
                next = context != null ? context.advance(all, n, sampler) : sampler.next(recompute(all, n));
            }
        } finally {
            if (wasTraining) model.train();
        }
        return Arrays.copyOfRange(all, promptIds.length, n);
    }

    // next-token logits from a full pass over the last contextLength of ids[0, n)
    private float[] recompute(int[] ids, int n) {
        int start = Math.max(0, n - model.config().contextLength());
        return model.lastLogits(Tensor.ofInts(Arrays.copyOfRange(ids, start, n), 1, n - start).to(model.device())).toFloatArray();
    }

    /** The KV cache of one sequence, refilled from a shorter window when it is full. */
    private static final class CachedContext {
        private final Decoder decoder;

        CachedContext(GPTModel model) {
            this.decoder = Decoder.of(model);
        }

        // the id sampler picks after ids[0, n), feeding only the newest id when the cache has room
        int advance(int[] ids, int n, Sampler sampler) {
            if (decoder.length() == decoder.capacity()) return sampler.next(restart(ids, n));
            int[] newest = Arrays.copyOfRange(ids, n - 1, n);
            return sampler.config().isGreedy() ? decoder.feedGreedy(newest) : sampler.next(decoder.feed(newest));
        }

        // refills the cache from the end of ids[0, n): the whole context if it fits, else its last three quarters
        float[] restart(int[] ids, int n) {
            int capacity = decoder.capacity();
            int keep = n <= capacity ? n : Math.max(1, capacity - capacity / 4);
            decoder.clear();
            return decoder.feed(Arrays.copyOfRange(ids, n - keep, n));
        }
    }
}
