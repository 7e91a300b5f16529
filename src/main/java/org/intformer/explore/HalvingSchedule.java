package org.intformer.explore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Successive halving: rung r trains with min-epochs·eta^r float epochs (the last rung with the configured
 * epochs) and keeps the best ceil(n/eta) points by validation MSE for the next rung. Without halving there is
 * one rung at full epochs. Selection never looks at test metrics.
 */
public final class HalvingSchedule {
    private final List<Integer> rungEpochs;
    private final int eta;

    HalvingSchedule(List<Integer> rungEpochs, int eta) {
        this.rungEpochs = List.copyOf(rungEpochs);
        this.eta = eta;
    }

    static HalvingSchedule of(ExploreSettings s, int epochs) {
        List<Integer> rungs = new ArrayList<>();
        if (s.halving()) {
            for (long e = s.minEpochs(); e < epochs; e *= s.eta()) {
                rungs.add((int) e);
            }
        }
        rungs.add(epochs);
        return new HalvingSchedule(rungs, s.eta());
    }

    public int rungs() {
        return rungEpochs.size();
    }

    public int finalRung() {
        return rungEpochs.size() - 1;
    }

    /** Float epochs at {@code rung} of a point configured for {@code pointEpochs}: the final rung is the point's own. */
    int epochs(int rung, int pointEpochs) {
        return rung == finalRung() ? pointEpochs : Math.min(pointEpochs, rungEpochs.get(rung));
    }

    List<Integer> rungEpochs() {
        return rungEpochs;
    }

    /** How many of {@code n} ranked points go on to the next rung. */
    int keep(int n) {
        return (n + eta - 1) / eta;
    }

    /** The best {@link #keep} of {@code candidates} by validation MSE (ties by id, so the order never matters). */
    <T> List<T> promote(List<T> candidates, java.util.function.Function<T, Double> valMse, java.util.function.Function<T, String> id) {
        return candidates.stream()
                .sorted(Comparator.comparing(valMse).thenComparing(id))
                .limit(keep(candidates.size()))
                .sorted(Comparator.comparing(id))
                .toList();
    }

    /** Planned work from {@code fromRung} on in epoch units, if every point were feasible: the progress bar's time estimate. */
    long plannedEpochs(int points, int fromRung) {
        long total = 0;
        int n = points;
        for (int r = fromRung; r < rungs(); r++) {
            total += (long) n * rungEpochs.get(r);
            n = keep(n);
        }
        return total;
    }

    /** Planned (point, rung) tasks from {@code fromRung} on, if every point were feasible. */
    int plannedTasks(int points, int fromRung) {
        int total = 0;
        int n = points;
        for (int r = fromRung; r < rungs(); r++) {
            total += n;
            n = keep(n);
        }
        return total;
    }
}
