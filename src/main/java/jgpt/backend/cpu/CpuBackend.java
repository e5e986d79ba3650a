package jgpt.backend.cpu;

/** The CPU backend: Vector API kernels run on a fixed thread pool sized to the cores. */
public final class CpuBackend {
    private static final CpuBackend INSTANCE = new CpuBackend(threadCount());

    private final ThreadPool pool;

    private CpuBackend(int threads) {
        this.pool = new ThreadPool(threads);
    }

    public static CpuBackend get() {
        return INSTANCE;
    }

    public int threads() {
        return pool.threads();
    }

    public ThreadPool pool() {
        return pool;
    }

    private static int threadCount() {
        String env = System.getenv("JGPT_THREADS");
        return env != null ? Integer.parseInt(env) : Runtime.getRuntime().availableProcessors();
    }
}
