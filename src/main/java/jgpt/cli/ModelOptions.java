package jgpt.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import jgpt.model.GPTConfig;
import jgpt.model.io.GPTCheckpoint;

/** Parsing shared by the model commands: --config values and --ids lists. */
final class ModelOptions {
    private ModelOptions() {
    }

    /** A preset name, a config.json file, or a model directory holding one. */
    static GPTConfig config(String value) {
        if (GPTConfig.presets().containsKey(value)) return GPTConfig.preset(value);
        Path path = Path.of(value);
        if (Files.isDirectory(path)) path = path.resolve(GPTCheckpoint.CONFIG_FILE);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("--config " + value + " is neither a preset (" + String.join(", ", GPTConfig.presets().keySet())
                    + ") nor a config.json file or a model directory holding one.");
        }
        return GPTCheckpoint.readConfig(path);
    }

    /** Token ids written like 464,2068,7586, each checked against the model's vocabulary. */
    static int[] ids(String value, GPTConfig config) {
        String[] parts = value.split(",", -1);
        int[] ids = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                ids[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--ids must be token ids separated by commas, like 464,2068,7586, but '" + parts[i]
                        + "' is not a whole number.");
            }
            if (ids[i] < 0 || ids[i] >= config.vocabSize()) {
                throw new IllegalArgumentException("--ids holds " + ids[i] + ", which is not a token id of this model (0 to "
                        + (config.vocabSize() - 1) + ").");
            }
        }
        return ids;
    }

    static String joined(int[] ids) {
        return String.join(",", Arrays.stream(ids).mapToObj(Integer::toString).toList());
    }
}
