package jgpt.backend.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed pool of platform threads, one per core, that splits index ranges into contiguous chunks. The caller
 * runs the first chunk itself, so a pool of one thread adds no hand-off.
 *
 * <p>Decoding one token runs about 60 parallel kernels of tens of microseconds each, so a hand-off must cost far
 * less than that: a worker waits for its next chunk spinning for a short while before it parks, and the caller
 * waits for the workers the same way. A caller that finds the pool busy (another thread's kernel, or a kernel
 * started inside a kernel) runs its whole range itself.
 */
public final class ThreadPool {
    /** How long an idle thread spins before parking: long spins cost twice the time when other processes want the cores. */
    private static final long SPIN_NANOS = 10_000;

    /** A body that processes the index range {@code [start, end)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int start, int end);
    }

    private final int threads;
    private final Worker[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();

    public ThreadPool(int threads) {
        if (threads < 1) throw new IllegalArgumentException("thread count must be at least 1, got " + threads);
        this.threads = threads;
        this.workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker();
            workers[i].start();
        }
    }

    public int threads() {
        return threads;
    }

    /** Runs body over [0, n) in at most {@code threads} chunks of at least {@code grain} indices. */
    public void parallelFor(int n, int grain, RangeBody body) {
        int chunks = Math.min(threads, Math.max(1, n / Math.max(1, grain)));
        if (chunks <= 1 || Thread.currentThread() instanceof Worker || !busy.compareAndSet(false, true)) {
            body.run(0, n);
            return;
        }
        try {
            var job = new Job(body, n, chunks, Thread.currentThread());
            for (int c = 1; c < chunks; c++) workers[c - 1].hand(job, c);
            job.runChunk(0);
            job.await();
        } finally {
            busy.set(false);
        }
    }

    /** Runs body over [0, n) one index per task; for a few large, unequal pieces. */
    public void parallelFor(int n, RangeBody body) {
        parallelFor(n, 1, body);
    }

    /** One parallelFor call: its chunks, how many are still running, and the first failure. */
    private static final class Job {
        private final RangeBody body;
        private final int n, chunks;
        private final Thread caller;
        private final AtomicInteger running;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Job(RangeBody body, int n, int chunks, Thread caller) {
            this.body = body;
            this.n = n;
            this.chunks = chunks;
            this.caller = caller;
            this.running = new AtomicInteger(chunks - 1);
        }

        void runChunk(int c) {
            body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
        }

        void runOnWorker(int c) {
            try {
                runChunk(c);
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
            if (running.decrementAndGet() == 0) LockSupport.unpark(caller);
        }

        void await() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (running.get() > 0) {
                if (System.nanoTime() < spinUntil) Thread.onSpinWait();
                else LockSupport.park(this);
            }
            Throwable t = failure.get();
            if (t instanceof RuntimeException re) throw re;
            if (t instanceof Error err) throw err;
            if (t != null) throw new IllegalStateException(t);
        }
    }

    /** A daemon thread that runs one chunk at a time, handed over through a volatile slot. */
    private static final class Worker extends Thread {
        private volatile Job job;
        private volatile int chunk;
        private volatile boolean parked;

        Worker() {
            super("jgpt-cpu");
            setDaemon(true);
        }

        void hand(Job next, int c) {
            chunk = c;
            job = next;
            if (parked) LockSupport.unpark(this);
        }

        @Override
        public void run() {
            while (true) {
                Job next = awaitJob();
                int c = chunk;
                job = null;
                next.runOnWorker(c);
            }
        }

        private Job awaitJob() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            Job next;
            while ((next = job) == null) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    if (job == null) LockSupport.park(this);
                    parked = false;
                }
            }
            return next;
        }
    }
}
