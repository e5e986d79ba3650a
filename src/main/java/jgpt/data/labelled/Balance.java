package jgpt.data.labelled;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/** Evening out classes of unequal size: by dropping examples (the book's way) or by weighting the loss. */
public final class Balance {
    private Balance() {
    }

    /**
     * Every class cut down to the size of the smallest by a seeded random choice, as the book does for
     * SMS spam; the result keeps the original order of the examples it keeps.
     */
    public static LabelledDataset undersample(LabelledDataset dataset, long seed) {
        List<LabelledText> examples = dataset.examples();
        Map<String, Integer> counts = dataset.counts();
        int smallest = Collections.min(counts.values());
        Random rng = new Random(seed);
        boolean[] keep = new boolean[examples.size()];
        for (String label : counts.keySet()) {
            List<Integer> positions = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                if (examples.get(i).label().equals(label)) positions.add(i);
            }
            Collections.shuffle(positions, rng);
            positions.subList(0, smallest).forEach(i -> keep[i] = true);
        }
        return dataset.with(IntStream.range(0, examples.size()).filter(i -> keep[i]).mapToObj(examples::get).toList());
    }

    /**
     * One weight per class (in label order) that makes every class weigh the same in a mean loss:
     * n / (classes x count), so a balanced dataset gets all ones.
     */
    public static float[] classWeights(LabelledDataset dataset) {
        Map<String, Integer> counts = dataset.counts();
        float[] weights = new float[counts.size()];
        int i = 0;
        for (int count : counts.values()) weights[i++] = (float) dataset.size() / (counts.size() * count);
        return weights;
    }
}
