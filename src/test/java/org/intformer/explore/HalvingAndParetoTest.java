package org.intformer.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HalvingAndParetoTest {
    private static ExploreSettings settings(boolean halving, int eta, int minEpochs) {
        return new ExploreSettings(ExploreSettings.Search.GRID, 10, "xc7s15", 1, halving, false, eta, minEpochs, 0, false,
                Map.of("patch", List.of(4L)), "energy", 16, 10, 0);
    }

    record P(String id, double val, double test) {
    }

    @Test
    void rungsGrowByEtaAndEndAtTheConfiguredEpochs() {
        assertThat(HalvingSchedule.of(settings(true, 2, 4), 15).rungEpochs()).containsExactly(4, 8, 15);
        assertThat(HalvingSchedule.of(settings(true, 3, 2), 15).rungEpochs()).containsExactly(2, 6, 15);
        assertThat(HalvingSchedule.of(settings(true, 2, 20), 15).rungEpochs()).containsExactly(15);
        assertThat(HalvingSchedule.of(settings(false, 2, 4), 15).rungEpochs()).containsExactly(15);
        HalvingSchedule s = HalvingSchedule.of(settings(true, 2, 4), 15);
        assertThat(s.epochs(0, 15)).isEqualTo(4);
        assertThat(s.epochs(0, 3)).isEqualTo(3);
        assertThat(s.epochs(2, 30)).isEqualTo(30);
    }

    @Test
    void halvingKeepsTheBestOneOverEtaByValidationNeverTest() {
        HalvingSchedule s = HalvingSchedule.of(settings(true, 3, 1), 9);
        List<P> ps = List.of(new P("a", 0.5, 0.1), new P("b", 0.2, 0.9), new P("c", 0.3, 0.9), new P("d", 0.9, 0.0),
                new P("e", 0.1, 0.9), new P("f", 0.4, 0.0), new P("g", 0.8, 0.0));
        List<P> kept = s.promote(ps, P::val, P::id);
        assertThat(kept).extracting(P::id).containsExactly("b", "c", "e"); // ceil(7/3) = 3, in id order
        assertThat(s.promote(List.of(new P("z", 0.1, 0), new P("y", 0.1, 0)), P::val, P::id)).extracting(P::id).containsExactly("y");
    }

    @Test
    void paretoFrontMatchesBruteForceOnRandomPoints() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int trial = 0; trial < 50; trial++) {
            List<double[]> pts = new ArrayList<>();
            int n = 1 + rng.nextInt(30);
            for (int i = 0; i < n; i++) {
                // Coarse values so that ties and duplicates occur.
                pts.add(new double[] {rng.nextInt(8), rng.nextInt(8)});
            }
            List<double[]> front = Pareto.front(pts, p -> p[0], p -> p[1]);
            for (double[] a : pts) {
                boolean dominated = pts.stream().anyMatch(b -> b[0] <= a[0] && b[1] <= a[1] && (b[0] < a[0] || b[1] < a[1]));
                assertThat(front.contains(a)).isEqualTo(!dominated);
            }
        }
        List<double[]> hand = List.of(new double[] {1, 5}, new double[] {2, 2}, new double[] {3, 1}, new double[] {3, 3},
                new double[] {5, 1});
        assertThat(Pareto.front(hand, p -> p[0], p -> p[1])).containsExactly(hand.get(0), hand.get(1), hand.get(2));
    }
}
