package jgpt.train;

import java.util.List;
import jgpt.model.GPTConfig;
import jgpt.model.Initialization;

/**
 * Everything that defines a training run, saved as the run folder's {@code config.json} so that
 * {@code --resume} continues with exactly the same settings.
 *
 * @param tokenizer "gpt2" or the tokenizer directory
 * @param data      the corpus: text files or directories, a prepared shard directory, or "builtin:wordnet"
 * @param init      the model directory the weights started from, or null for a fresh model
 * @param weightInit how a fresh model's weights are drawn (null in configs older than the option: GPT-2's)
 */
public record RunConfig(GPTConfig model, TrainConfig train, String tokenizer, List<String> data, String init, Initialization weightInit) {
    public RunConfig {
        if (weightInit == null) weightInit = Initialization.GPT2;
    }
}
