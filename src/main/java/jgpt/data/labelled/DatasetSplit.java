package jgpt.data.labelled;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Train, validation and test parts of a labelled dataset. */
public record DatasetSplit(LabelledDataset train, LabelledDataset validation, LabelledDataset test) {

    /** The book's split: 70% train, 10% validation, 20% test. */
    public static DatasetSplit of(LabelledDataset dataset, long seed) {
        return of(dataset, 0.7, 0.1, seed);
    }

    /**
     * A seeded split, stratified: each class is shuffled and cut at the given fractions, so every part
     * has the dataset's class proportions; the test part takes what remains. Each part is then shuffled.
     */
    public static DatasetSplit of(LabelledDataset dataset, double trainFraction, double validationFraction, long seed) {
        if (!(trainFraction > 0 && validationFraction >= 0 && trainFraction + validationFraction <= 1)) {
            throw new IllegalArgumentException("split fractions must be a train fraction above 0 and a validation fraction of 0 or more "
                    + "that add up to at most 1, got " + trainFraction + " and " + validationFraction);
        }
        Random rng = new Random(seed);
        List<LabelledText> train = new ArrayList<>(), validation = new ArrayList<>(), test = new ArrayList<>();
        for (String label : dataset.labels()) {
            List<LabelledText> members = new ArrayList<>(dataset.examples().stream().filter(e -> e.label().equals(label)).toList());
            Collections.shuffle(members, rng);
            int trainEnd = (int) Math.round(members.size() * trainFraction);
            int validationEnd = Math.min(members.size(), trainEnd + (int) Math.round(members.size() * validationFraction));
            train.addAll(members.subList(0, trainEnd));
            validation.addAll(members.subList(trainEnd, validationEnd));
            test.addAll(members.subList(validationEnd, members.size()));
        }
        Collections.shuffle(train, rng);
        Collections.shuffle(validation, rng);
        Collections.shuffle(test, rng);
        return new DatasetSplit(dataset.with(train), dataset.with(validation), dataset.with(test));
    }
}
