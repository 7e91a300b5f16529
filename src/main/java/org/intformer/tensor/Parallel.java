package org.intformer.tensor;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits index ranges across a fixed number of threads. Contract: {@link #forRange} gives share t of T the range
 * [n·t/T, n·(t+1)/T), the caller runs share 0, and the call returns when every share is done. Work placement
 * never changes results because every output element is written by exactly one share.
 *
 * <p>Kernels here take microseconds, so a task per region on an executor (8–74 µs) would dominate. Instead T−1
 * persistent daemon workers spin for a while after each region and then park; a region is handed over by one
 * volatile write, and completion is an atomic countdown the caller spins (then parks) on.
 *
 * <p>A forRange issued while this pool is already running a region (from inside a body, or from a second
 * thread) runs inline on its caller, so nesting cannot deadlock.
 */
public final class Parallel implements AutoCloseable {
    /** A share of a range. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int lo, int hi);
    }

    /** How long idle threads keep spinning before they park: covers the gap between back-to-back regions. */
    private static final long SPIN_NANOS = 50_000;

    /** One region, immutable so that a worker that wakes late can never mix two regions' fields. */
    private record Region(RangeBody body, int n, int shares) {
        /** Published after each region so the finished body (and the arrays it holds) can be collected. */
        static final Region IDLE = new Region(null, 0, 0);

        int bound(int t) {
            return (int) ((long) n * t / shares);
        }
    }

    private final int threads;
    private final Worker[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile Region region = Region.IDLE;
    private volatile Thread waitingCaller;
    private volatile boolean closed;

    public Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Worker[threads - 1];
        for (int t = 1; t < threads; t++) {
            Worker w = new Worker(t);
            workers[t - 1] = w;
            w.thread.start();
        }
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs body over [0, n). Uses at most n / minPerShare shares, so that small ranges run on the caller alone;
     * a worker's exception (or the caller's) is rethrown here after all shares have finished.
     */
    public void forRange(int n, int minPerShare, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int shares = (int) Math.min(threads, Math.max(1L, n / Math.max(1, minPerShare)));
        if (shares == 1 || closed || !busy.compareAndSet(false, true)) {
            body.run(0, n);
            return;
        }
        try {
            runRegion(new Region(body, n, shares));
        } finally {
            busy.set(false);
        }
    }

    private void runRegion(Region r) {
        failure.set(null);
        pending.set(r.shares - 1);
        region = r;
        for (int t = 1; t < r.shares; t++) {
            Worker w = workers[t - 1];
            if (w.parked) {
                LockSupport.unpark(w.thread);
            }
        }
        Throwable mine = null;
        try {
            r.body.run(0, r.bound(1));
        } catch (Throwable e) {
            mine = e;
        }
        awaitWorkers();
        region = Region.IDLE;
        Throwable theirs = failure.get();
        if (mine == null) {
            mine = theirs;
        } else if (theirs != null) {
            mine.addSuppressed(theirs);
        }
        if (mine instanceof RuntimeException e) {
            throw e;
        }
        if (mine instanceof Error e) {
            throw e;
        }
        if (mine != null) {
            throw new IllegalStateException(mine);
        }
    }

    private void awaitWorkers() {
        long deadline = 0;
        while (pending.get() != 0) {
            if (deadline == 0) {
                deadline = System.nanoTime() + SPIN_NANOS;
            }
            if (System.nanoTime() < deadline) {
                Thread.onSpinWait();
            } else {
                waitingCaller = Thread.currentThread();
                if (pending.get() != 0) {
                    LockSupport.park(this);
                }
                waitingCaller = null;
            }
        }
    }

    /** Stops the workers; later calls run inline on the caller. */
    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) {
            LockSupport.unpark(w.thread);
        }
        for (Worker w : workers) {
            try {
                w.thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final class Worker implements Runnable {
        final int index;
        final Thread thread;
        volatile boolean parked;

        Worker(int index) {
            this.index = index;
            this.thread = new Thread(this, "intformer-parallel-" + index);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            Region seen = Region.IDLE;
            while (!closed) {
                Region r = awaitRegion(seen);
                if (r == null) {
                    return;
                }
                seen = r;
                if (index < r.shares) {
                    runShare(r);
                }
            }
        }

        private void runShare(Region r) {
            try {
                r.body.run(r.bound(index), r.bound(index + 1));
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
                if (pending.decrementAndGet() == 0) {
                    Thread caller = waitingCaller;
                    if (caller != null) {
                        LockSupport.unpark(caller);
                    }
                }
            }
        }

        /** The next region after {@code seen}, or null once closed. */
        private Region awaitRegion(Region seen) {
            long deadline = System.nanoTime() + SPIN_NANOS;
            while (true) {
                Region r = region;
                if (r != seen) {
                    return r;
                }
                if (closed) {
                    return null;
                }
                if (System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    if (region == seen && !closed) {
                        LockSupport.park(Parallel.this);
                    }
                    parked = false;
                }
            }
        }
    }
}
