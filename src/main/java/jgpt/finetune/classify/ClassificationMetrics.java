package jgpt.finetune.classify;

import java.util.List;

/**
 * How well predictions match the truth: accuracy, precision, recall and F1 for each class, their macro
 * averages, and the confusion matrix (rows: true class, columns: predicted class).
 */
public record ClassificationMetrics(List<String> labels, long[][] confusion) {

    /** Metrics of predicted against actual class numbers. */
    public static ClassificationMetrics of(List<String> labels, int[] actual, int[] predicted) {
        long[][] confusion = new long[labels.size()][labels.size()];
        for (int i = 0; i < actual.length; i++) confusion[actual[i]][predicted[i]]++;
        return new ClassificationMetrics(List.copyOf(labels), confusion);
    }

    public long count() {
        long n = 0;
        for (long[] row : confusion) for (long c : row) n += c;
        return n;
    }

    public double accuracy() {
        long correct = 0;
        for (int k = 0; k < confusion.length; k++) correct += confusion[k][k];
        return count() == 0 ? Double.NaN : (double) correct / count();
    }

    /** Of the examples predicted as class k, the share that are k (0 when none is predicted k). */
    public double precision(int k) {
        long predicted = 0;
        for (long[] row : confusion) predicted += row[k];
        return predicted == 0 ? 0 : (double) confusion[k][k] / predicted;
    }

    /** Of the examples of class k, the share predicted as k. */
    public double recall(int k) {
        long actual = 0;
        for (long c : confusion[k]) actual += c;
        return actual == 0 ? 0 : (double) confusion[k][k] / actual;
    }

    public double f1(int k) {
        double p = precision(k), r = recall(k);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double macroPrecision() {
        double sum = 0;
        for (int k = 0; k < labels.size(); k++) sum += precision(k);
        return sum / labels.size();
    }

    public double macroRecall() {
        double sum = 0;
        for (int k = 0; k < labels.size(); k++) sum += recall(k);
        return sum / labels.size();
    }

    public double macroF1() {
        double sum = 0;
        for (int k = 0; k < labels.size(); k++) sum += f1(k);
        return sum / labels.size();
    }

    /** A plain-text report: accuracy, a per-class table, macro averages and the confusion matrix. */
    public String report() {
        int width = Math.max(9, labels.stream().mapToInt(String::length).max().orElse(0) + 2);
        StringBuilder out = new StringBuilder();
        out.append("accuracy  %.2f%% (%d examples)%n".formatted(100 * accuracy(), count()));
        out.append(pad("class", width)).append(" precision  recall      F1  examples\n");
        for (int k = 0; k < labels.size(); k++) {
            long support = 0;
            for (long c : confusion[k]) support += c;
            out.append(pad(labels.get(k), width)).append("    %6.4f  %6.4f  %6.4f  %8d%n".formatted(precision(k), recall(k), f1(k), support));
        }
        out.append(pad("macro", width)).append("    %6.4f  %6.4f  %6.4f%n".formatted(macroPrecision(), macroRecall(), macroF1()));
        out.append("confusion matrix (rows: true class, columns: predicted)\n").append(pad("", width));
        for (String label : labels) out.append(pad(label, width));
        out.append('\n');
        for (int k = 0; k < labels.size(); k++) {
            out.append(pad(labels.get(k), width));
            for (long c : confusion[k]) out.append(pad(Long.toString(c), width));
            out.append('\n');
        }
        return out.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }
}
