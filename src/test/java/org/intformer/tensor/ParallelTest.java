package org.intformer.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {
    @Test
    void everyIndexRunsExactlyOnceInStaticShares() {
        for (int threads = 1; threads <= 4; threads++) {
            try (Parallel p = new Parallel(threads)) {
                for (int n : new int[] {1, 2, 3, 7, 100, 1001}) {
                    for (int rep = 0; rep < 50; rep++) {
                        AtomicIntegerArray hits = new AtomicIntegerArray(n);
                        AtomicInteger calls = new AtomicInteger();
                        int shares = Math.min(threads, n);
                        p.forRange(n, 1, (lo, hi) -> {
                            calls.incrementAndGet();
                            // the share index is implied by lo; its range must be [n·t/T, n·(t+1)/T)
                            int t = (int) ((long) lo * shares / n);
                            while ((long) n * t / shares < lo) {
                                t++;
                            }
                            assertThat(lo).isEqualTo((int) ((long) n * t / shares));
                            assertThat(hi).isEqualTo((int) ((long) n * (t + 1) / shares));
                            for (int i = lo; i < hi; i++) {
                                hits.incrementAndGet(i);
                            }
                        });
                        assertThat(calls.get()).isEqualTo(shares);
                        for (int i = 0; i < n; i++) {
                            assertThat(hits.get(i)).as("index %d of %d", i, n).isEqualTo(1);
                        }
                    }
                }
            }
        }
    }

    @Test
    void smallRangesRunInlineOnTheCaller() {
        try (Parallel p = new Parallel(3)) {
            Thread caller = Thread.currentThread();
            AtomicInteger calls = new AtomicInteger();
            p.forRange(30, 16, (lo, hi) -> {
                calls.incrementAndGet();
                assertThat(Thread.currentThread()).isSameAs(caller);
                assertThat(lo).isZero();
                assertThat(hi).isEqualTo(30);
            });
            assertThat(calls.get()).isEqualTo(1);
            AtomicInteger two = new AtomicInteger();
            // 40 / 3 < 16 per share: two shares instead of three
            p.forRange(40, 16, (lo, hi) -> two.incrementAndGet());
            assertThat(two.get()).isEqualTo(2);
            p.forRange(0, 1, (lo, hi) -> {
                throw new AssertionError("empty range must not run");
            });
        }
    }

    @Test
    void workerExceptionIsRethrownInTheCallerAndThePoolSurvives() {
        try (Parallel p = new Parallel(2)) {
            assertThatThrownBy(() -> p.forRange(100, 1, (lo, hi) -> {
                if (lo > 0) {
                    throw new IllegalStateException("boom in worker");
                }
            })).isInstanceOf(IllegalStateException.class).hasMessage("boom in worker");
            assertThatThrownBy(() -> p.forRange(100, 1, (lo, hi) -> {
                if (lo == 0) {
                    throw new ArithmeticException("boom in caller");
                }
            })).isInstanceOf(ArithmeticException.class);
            AtomicInteger sum = new AtomicInteger();
            p.forRange(100, 1, (lo, hi) -> sum.addAndGet(hi - lo));
            assertThat(sum.get()).isEqualTo(100);
        }
    }

    @Test
    void nestedCallsRunInlineWithoutDeadlock() {
        try (Parallel p = new Parallel(2)) {
            AtomicIntegerArray hits = new AtomicIntegerArray(64 * 64);
            p.forRange(64, 1, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    int row = i;
                    p.forRange(64, 1, (lo2, hi2) -> {
                        for (int j = lo2; j < hi2; j++) {
                            hits.incrementAndGet(row * 64 + j);
                        }
                    });
                }
            });
            for (int i = 0; i < 64 * 64; i++) {
                assertThat(hits.get(i)).isEqualTo(1);
            }
        }
    }

    @Test
    void manyBackToBackRegionsAndClose() {
        Parallel p = new Parallel(2);
        long[] total = new long[1];
        for (int rep = 0; rep < 20_000; rep++) {
            long[] parts = new long[2];
            p.forRange(2, 1, (lo, hi) -> parts[lo] = hi);
            total[0] += parts[0] + parts[1];
        }
        assertThat(total[0]).isEqualTo(20_000L * 3);
        p.close();
        AtomicInteger calls = new AtomicInteger();
        p.forRange(100, 1, (lo, hi) -> calls.incrementAndGet());
        assertThat(calls.get()).as("after close everything runs inline").isEqualTo(1);
    }

    @Test
    void rejectsZeroThreads() {
        assertThatThrownBy(() -> new Parallel(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
