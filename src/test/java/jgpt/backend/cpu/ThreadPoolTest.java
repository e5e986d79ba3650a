package jgpt.backend.cpu;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pool's hand-offs: every index once, failures reach the caller, busy and nested calls run inline. */
class ThreadPoolTest {
    private static final ThreadPool POOL = new ThreadPool(3);

    @ParameterizedTest
    @CsvSource({"1,1", "2,1", "7,1", "100,7", "1000,1", "5,100"})
    void everyIndexRunsExactlyOnce(int n, int grain) {
        for (int repeat = 0; repeat < 200; repeat++) {
            var seen = new AtomicIntegerArray(n);
            POOL.parallelFor(n, grain, (s, e) -> {
                for (int i = s; i < e; i++) seen.incrementAndGet(i);
            });
            for (int i = 0; i < n; i++) assertThat(seen.get(i)).as("index %d of %d", i, n).isEqualTo(1);
        }
    }

    @Test
    void aFailureInAWorkerChunkReachesTheCallerAndThePoolKeepsWorking() {
        assertThatThrownBy(() -> POOL.parallelFor(3, 1, (s, e) -> {
            if (s == 2) throw new IllegalArgumentException("chunk 2 failed");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("chunk 2 failed");
        everyIndexRunsExactlyOnce(9, 1);
    }

    @Test
    void nestedAndConcurrentCallersEachCoverTheirRange() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            Future<?>[] done = new Future<?>[4];
            for (int c = 0; c < done.length; c++) {
                done[c] = callers.submit(() -> {
                    for (int repeat = 0; repeat < 100; repeat++) {
                        var seen = new AtomicIntegerArray(12);
                        POOL.parallelFor(3, 1, (s, e) -> {
                            for (int outer = s; outer < e; outer++) {
                                int base = outer * 4;
                                POOL.parallelFor(4, 1, (i0, i1) -> {
                                    for (int i = i0; i < i1; i++) seen.incrementAndGet(base + i);
                                });
                            }
                        });
                        for (int i = 0; i < 12; i++) assertThat(seen.get(i)).isEqualTo(1);
                    }
                });
            }
            for (Future<?> f : done) f.get();
        } finally {
            callers.shutdownNow();
        }
    }
}
