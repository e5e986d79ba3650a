package jgpt.finetune.classify;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import jgpt.data.labelled.LabelledDataset;
import jgpt.data.labelled.LabelledText;
import jgpt.io.SafeDType;
import jgpt.model.GPTConfig;
import jgpt.model.GPTModel;
import jgpt.model.io.GPTCheckpoint;

/** Small models and datasets for fine-tuning tests. */
final class ClassifierFixtures {
    /** A GPT with GPT-2's vocabulary but tiny otherwise, so the real tokenizer works with it. */
    static final GPTConfig TINY = new GPTConfig(50257, 32, 16, 2, 2, 0f, true, true);

    private ClassifierFixtures() {
    }

    /** A random model of config written to dir in the given layout. */
    static Path modelDirectory(Path dir, GPTConfig config, long seed, GPTCheckpoint.Format format) {
        GPTCheckpoint.save(new GPTModel(config, seed), dir, format, SafeDType.F32);
        return dir;
    }

    /** Texts made of spammy or ordinary words, easy to tell apart: n of each class. */
    static LabelledDataset spamAndHam(int n, long seed) {
        String[] spam = {"win", "cash", "prize", "free", "offer", "click", "now", "money", "viagra", "winner"};
        String[] ham = {"meeting", "notes", "project", "kernel", "patch", "lunch", "tomorrow", "review", "thanks", "list"};
        Random rng = new Random(seed);
        List<LabelledText> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new LabelledText(sentence(spam, rng), "spam"));
            out.add(new LabelledText(sentence(ham, rng), "ham"));
        }
        return new LabelledDataset(out, "synthetic");
    }

    private static String sentence(String[] words, Random rng) {
        StringBuilder s = new StringBuilder();
        int length = 3 + rng.nextInt(8);
        for (int i = 0; i < length; i++) s.append(i == 0 ? "" : " ").append(words[rng.nextInt(words.length)]);
        return s.toString();
    }
}
