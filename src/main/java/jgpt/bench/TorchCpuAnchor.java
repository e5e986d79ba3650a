package jgpt.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PyTorch CPU anchor, scripts/bench/torch_cpu_gpt.py: the book's GPT-2 124M (the book-124m preset: untied
 * head, no qkv bias, context 256) timed in PyTorch on the same machine, in the same run as ours.
 */
final class TorchCpuAnchor {
    private static final Pattern RATE = Pattern.compile("([0-9.]+) tok/s peak_rss_mib=([0-9]+)");

    private TorchCpuAnchor() {
    }

    /** PyTorch's tokens per second and peak resident memory, and the line it printed. */
    record Figures(double tokensPerSecond, double peakMib, String line) {
    }

    /** Runs the anchor in mode "train" or "decode"; prints why when it cannot, and returns nothing then. */
    static Optional<Figures> run(String mode, int threads, int batch, int seq, float dropout, int steps, int newTokens,
                                 PrintWriter out) {
        var args = List.of(mode, String.valueOf(threads), String.valueOf(batch), String.valueOf(seq), String.valueOf(dropout),
                String.valueOf(steps), String.valueOf(newTokens));
        var env = Map.of("OPENBLAS_NUM_THREADS", String.valueOf(threads), "OMP_NUM_THREADS", String.valueOf(threads));
        out.println("anchor   running PyTorch (scripts/bench/torch_cpu_gpt.py " + String.join(" ", args) + ")...");
        out.flush();
        switch (PythonAnchor.runWithModule("torch", "torch_cpu_gpt.py", args, env)) {
            case PythonAnchor.Outcome.Unavailable u -> out.println("anchor   not available: " + u.reason() + ".");
            case PythonAnchor.Outcome.Lines l -> {
                String tag = mode.equals("train") ? "TRAIN" : "DECODE";
                for (String line : l.lines()) {
                    Matcher m = RATE.matcher(line);
                    if (line.startsWith(tag) && m.find()) {
                        out.println("anchor   " + line + " (" + l.python() + ")");
                        return Optional.of(new Figures(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), line));
                    }
                }
                out.println("anchor   printed no " + tag + " line: " + (l.lines().isEmpty() ? "" : l.lines().getLast()));
            }
        }
        return Optional.empty();
    }
}
