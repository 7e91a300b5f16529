package org.intformer.data;

import org.intformer.UserError;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A built-in demo series shaped like ETT, so that every command runs without a download.
 *
 * <p>Hourly rows; each channel is a level plus daily (24 h) and weekly (168 h) cycles with its own phases and
 * amplitudes, a slow linear trend, a mix of two shared latent AR(1) factors (so channels are correlated and the
 * other channels carry information about the target) and its own AR(1) noise (so there is something left to
 * forecast beyond the cycles). Columns are {@code X1 … X{c−1}, OT}, the last being the target as in ETT.
 *
 * <p>Everything is drawn from one {@link SplittableRandom} in a fixed order, and Gaussians are made here by
 * Box–Muller with {@link StrictMath} rather than by the JDK's {@code nextGaussian}, whose algorithm has changed between releases: the same
 * seed gives the same series, bit for bit, on any JDK.
 */
public final class SyntheticSeries {
    private static final int FACTORS = 2;
    private static final double FACTOR_AR = 0.95;
    private static final double FACTOR_NOISE = 0.3;
    private static final double OWN_AR = 0.8;
    private static final double OWN_NOISE = 0.25;
    private static final LocalDateTime START = LocalDateTime.of(2020, 1, 1, 0, 0);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private SyntheticSeries() {
    }

    /** {@code rows} hourly rows of {@code channels} columns, deterministic for {@code seed}. */
    public static TimeSeries generate(long seed, int rows, int channels) {
        if (rows < 1) {
            throw new UserError("synthetic series: rows must be at least 1, got " + rows);
        }
        if (channels < 1) {
            throw new UserError("synthetic series: channels must be at least 1, got " + channels);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] level = new double[channels];
        double[] dayAmp = new double[channels];
        double[] dayPhase = new double[channels];
        double[] weekAmp = new double[channels];
        double[] weekPhase = new double[channels];
        double[] trend = new double[channels];
        double[][] loading = new double[channels][FACTORS];
        for (int c = 0; c < channels; c++) {
            level[c] = rng.nextDouble(2, 20);
            dayAmp[c] = rng.nextDouble(0.5, 3);
            dayPhase[c] = rng.nextDouble(0, 2 * Math.PI);
            weekAmp[c] = rng.nextDouble(0.3, 1.5);
            weekPhase[c] = rng.nextDouble(0, 2 * Math.PI);
            trend[c] = rng.nextDouble(-3, 3);     // total drift over the whole series
            for (int f = 0; f < FACTORS; f++) {
                loading[c][f] = rng.nextDouble(-1.5, 1.5);
            }
        }

        double[] factor = new double[FACTORS];
        double[] own = new double[channels];
        float[][] values = new float[rows][channels];
        String[] stamps = new String[rows];
        for (int t = 0; t < rows; t++) {
            for (int f = 0; f < FACTORS; f++) {
                factor[f] = FACTOR_AR * factor[f] + FACTOR_NOISE * gaussian(rng);
            }
            for (int c = 0; c < channels; c++) {
                own[c] = OWN_AR * own[c] + OWN_NOISE * gaussian(rng);
                double v = level[c]
                        + dayAmp[c] * StrictMath.sin(2 * Math.PI * t / 24.0 + dayPhase[c])
                        + weekAmp[c] * StrictMath.sin(2 * Math.PI * t / 168.0 + weekPhase[c])
                        + trend[c] * t / rows
                        + own[c];
                for (int f = 0; f < FACTORS; f++) {
                    v += loading[c][f] * factor[f];
                }
                values[t][c] = (float) v;
            }
            stamps[t] = STAMP.format(START.plusHours(t));
        }
        List<String> names = new ArrayList<>();
        for (int c = 1; c < channels; c++) {
            names.add("X" + c);
        }
        names.add("OT");
        String source = "synthetic(seed=" + seed + ", rows=" + rows + ", channels=" + channels + ")";
        return new TimeSeries(source, names, stamps, values);
    }

    /** A standard normal draw by Box–Muller (one of the pair; simplicity over speed for a few thousand rows). */
    private static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble();   // (0, 1]: log is finite
        double u2 = rng.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
    }
}
