package org.intformer.quant;

/**
 * Tracks the range of a stream of batches: the running extremes (MINMAX) or their exponential moving average
 * (EMA, the first batch sets it). Only the caller's thread touches it, in batch order, so the sequence of
 * ranges depends on the data only.
 */
final class RangeObserver {
    private final boolean ema;
    private final double momentum;
    private double min;
    private double max;
    private boolean seen;

    RangeObserver(boolean ema, double momentum) {
        if (ema && !(momentum > 0 && momentum <= 1)) {
            throw new IllegalArgumentException("EMA momentum must be in (0, 1], got " + momentum);
        }
        this.ema = ema;
        this.momentum = momentum;
    }

    /** Folds in one batch's range; a batch without finite values is ignored. */
    void update(double batchMin, double batchMax) {
        if (!(batchMin <= batchMax) || Double.isInfinite(batchMin) || Double.isInfinite(batchMax)) {
            return;
        }
        if (!seen) {
            min = batchMin;
            max = batchMax;
            seen = true;
        } else if (ema) {
            min = (1 - momentum) * min + momentum * batchMin;
            max = (1 - momentum) * max + momentum * batchMax;
        } else {
            min = Math.min(min, batchMin);
            max = Math.max(max, batchMax);
        }
    }

    /** {seen, min, max}: everything that decides future grids. */
    double[] state() {
        return new double[] {seen ? 1 : 0, min, max};
    }

    void restore(double[] state) {
        seen = state[0] != 0;
        min = state[1];
        max = state[2];
    }

    boolean seen() {
        return seen;
    }

    double min() {
        return min;
    }

    double max() {
        return max;
    }

    /** {min, max} of the finite values of x, in index order; {+inf, −inf} when there are none. */
    static double[] rangeOf(float[] x) {
        float mn = Float.POSITIVE_INFINITY;
        float mx = Float.NEGATIVE_INFINITY;
        for (float v : x) {
            if (v < mn) {
                mn = v;
            }
            if (v > mx) {
                mx = v;
            }
        }
        return new double[] {mn, mx};
    }
}
