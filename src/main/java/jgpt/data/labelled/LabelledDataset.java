package jgpt.data.labelled;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Labelled examples and where they came from (a file name, for messages). Classes are numbered by
 * their labels in sorted order, so "ham" is 0 and "spam" 1, whatever order the file lists them in.
 */
public record LabelledDataset(List<LabelledText> examples, String source) {
    public LabelledDataset {
        examples = List.copyOf(examples);
    }

    public int size() {
        return examples.size();
    }

    /** The distinct labels, sorted; a label's index is its class number. */
    public List<String> labels() {
        return List.copyOf(counts().keySet());
    }

    /** Examples per label, labels sorted. */
    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new TreeMap<>();
        for (LabelledText e : examples) counts.merge(e.label(), 1, Integer::sum);
        return counts;
    }

    /** This dataset, checked to hold at least two classes; otherwise an exception naming the source. */
    public LabelledDataset requireTwoClasses() {
        List<String> labels = labels();
        if (labels.isEmpty()) {
            throw new IllegalArgumentException(source + " holds no labelled examples.");
        }
        if (labels.size() == 1) {
            throw new IllegalArgumentException(source + " holds only the label '" + labels.getFirst()
                    + "'; a classifier needs examples of at least two classes.");
        }
        return this;
    }

    /** A dataset of other examples from the same source. */
    public LabelledDataset with(List<LabelledText> others) {
        return new LabelledDataset(others, source);
    }
}
