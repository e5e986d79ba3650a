package jgpt.backend.cpu;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;

/**
 * A fixed pool of platform threads, one per core, that splits index ranges into contiguous
 * chunks. The caller runs the first chunk itself, so a pool of one thread adds no hand-off.
 */
public final class ThreadPool {

    /** A body that processes the index range {@code [start, end)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int start, int end);
    }

    private final int threads;
    private final ExecutorService workers;

    public ThreadPool(int threads) {
        if (threads < 1) throw new IllegalArgumentException("thread count must be at least 1, got " + threads);
        this.threads = threads;
        this.workers = Executors.newFixedThreadPool(Math.max(1, threads - 1), r -> {
            Thread t = new Thread(r, "jgpt-cpu");
            t.setDaemon(true);
            return t;
        });
    }

    public int threads() {
        return threads;
    }

    /** Runs body over [0, n) in at most {@code threads} chunks of at least {@code grain} indices. */
    public void parallelFor(int n, int grain, RangeBody body) {
        int chunks = Math.min(threads, Math.max(1, n / Math.max(1, grain)));
        if (chunks <= 1 || inWorker()) {
            body.run(0, n);
            return;
        }
        @SuppressWarnings("unchecked")
        Future<?>[] pending = new Future<?>[chunks - 1];
        for (int c = 1; c < chunks; c++) {
            int start = (int) ((long) n * c / chunks), end = (int) ((long) n * (c + 1) / chunks);
            pending[c - 1] = workers.submit(() -> body.run(start, end));
        }
        body.run(0, (int) ((long) n / chunks));
        for (Future<?> f : pending) await(f);
    }

    /** Runs body over [0, n) one index per task; for a few large, unequal pieces. */
    public void parallelFor(int n, RangeBody body) {
        parallelFor(n, 1, body);
    }

    private static boolean inWorker() {
        return Thread.currentThread().getName().equals("jgpt-cpu");
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a CPU kernel", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }
}
