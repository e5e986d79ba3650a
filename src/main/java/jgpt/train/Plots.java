package jgpt.train;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The charts a run writes beside its metrics. Drawing needs the java.desktop module, which a trimmed Java runtime (a
 * jlink image on a GPU server) may leave out: there the charts are skipped with one warning, and metrics.jsonl keeps
 * every figure for {@code jgpt plot} on another machine. A run never fails for want of a picture.
 */
public final class Plots {
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private Plots() {
    }

    /** Runs draw, which writes charts; where this runtime cannot draw, skips it and says so once on stderr. */
    public static void drawIfPossible(Runnable draw) {
        drawIfPossible(draw, System.err);
    }

    static void drawIfPossible(Runnable draw, PrintStream warnings) {
        try {
            draw.run();
        } catch (NoClassDefFoundError e) {
            if (WARNED.compareAndSet(false, true)) warnings.println("jgpt: " + cannotDraw(e) + "; plots are skipped, metrics.jsonl keeps every figure");
        }
    }

    /** One sentence for a class the charts need that this runtime lacks. */
    public static String cannotDraw(NoClassDefFoundError e) {
        String missing = e.getMessage() == null ? "a class" : e.getMessage().replace('/', '.');
        return "this Java runtime cannot draw charts (" + missing + " is missing: the java.desktop module is not in it)";
    }
}
