package org.intformer.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.intformer.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Nsga2SearchTest {
    @TempDir
    Path dir;

    private static ExploreSettings settings(int samples, int population, int generations, Map<String, List<Object>> axes) {
        return settings(samples, population, generations, axes, 0);
    }

    private static ExploreSettings settings(int samples, int population, int generations, Map<String, List<Object>> axes,
                                            long budget) {
        return new ExploreSettings(ExploreSettings.Search.NSGA2, samples, "xc7s15", 1, false, true, 2, 1, 0, false, axes,
                "energy", population, generations, budget);
    }

    private static Map<String, List<Object>> axes(int... radices) {
        Map<String, List<Object>> m = new LinkedHashMap<>();
        for (int k = 0; k < radices.length; k++) {
            List<Object> values = new ArrayList<>();
            for (long v = 0; v < radices[k]; v++) {
                values.add(v);
            }
            m.put("k" + k, values);
        }
        return m;
    }

    /** A synthetic bi-objective landscape on a 4 × 5 × 6 × 5 grid: (sum of squares, distance from the far corner). */
    private static double[] landscape(SearchSpace space, long index) {
        int[] d = space.digits(index);
        double a = 0;
        double b = 0;
        for (int k = 0; k < d.length; k++) {
            a += d[k] * d[k];
            b += (space.radix(k) - 1 - d[k]) * (space.radix(k) - 1 - d[k]);
        }
        return new double[] {a, b + 0.5 * d[0]};
    }

    @Test
    void findsMostOfTheTrueFrontWithinItsBudgetDeterministically() {
        Map<String, List<Object>> axes = axes(4, 5, 6, 5);
        SearchSpace space = new SearchSpace(axes);
        ExploreSettings s = settings(200, 16, 40, axes);
        List<Integer> batchSizes = new ArrayList<>();
        Nsga2Search.Evaluator eval = batch -> {
            batchSizes.add(batch.size());
            Map<Long, double[]> m = new LinkedHashMap<>();
            batch.forEach(i -> m.put(i, landscape(space, i)));
            return m;
        };
        Map<Long, double[]> found = new Nsga2Search(space, s, 7).run(Nsga2Search.initial(space, s, 7), eval);
        Map<Long, double[]> again = new Nsga2Search(space, s, 7).run(Nsga2Search.initial(space, s, 7), batch -> {
            Map<Long, double[]> m = new LinkedHashMap<>();
            batch.forEach(i -> m.put(i, landscape(space, i)));
            return m;
        });
        assertThat(again.keySet()).isEqualTo(found.keySet());
        assertThat(found.size()).isLessThanOrEqualTo(200);
        assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).as("no point evaluated twice").isEqualTo(found.size());

        List<double[]> all = new ArrayList<>();
        for (long i = 0; i < space.size(); i++) {
            all.add(landscape(space, i));
        }
        double[] reference = {60, 60};
        double best = Pareto.hypervolume(all, reference);
        double nsga = Pareto.hypervolume(new ArrayList<>(found.values()), reference);
        // The same budget drawn at random, for comparison.
        List<double[]> random = new ArrayList<>();
        for (long i : Sampler.random(space.size(), found.size(), 7)) {
            random.add(landscape(space, i));
        }
        double rand = Pareto.hypervolume(random, reference);
        assertThat(nsga / best).as("NSGA-II %s, random %s of the true front's hypervolume", nsga / best, rand / best)
                .isGreaterThan(0.97).isGreaterThan(rand / best);
    }

    @Test
    void aBudgetStopsTheSearchBeforeItIsExceeded() {
        Map<String, List<Object>> axes = axes(4, 5, 6, 5);
        SearchSpace space = new SearchSpace(axes);
        // Points with the same first key share 10 epochs (a float model); each point then costs 3 of its own.
        Nsga2Search.Meter meter = indices -> {
            Set<Integer> shared = new HashSet<>();
            indices.forEach(i -> shared.add(space.digits(i)[0]));
            return 10L * shared.size() + 3L * new HashSet<>(indices).size();
        };
        ExploreSettings s = settings(1000, 8, 100, axes, 100);
        Nsga2Search search = new Nsga2Search(space, s, 5);
        Map<Long, double[]> found = search.run(Nsga2Search.initial(space, s, 5), batch -> {
            Map<Long, double[]> m = new LinkedHashMap<>();
            batch.forEach(i -> m.put(i, landscape(space, i)));
            return m;
        }, meter);
        long spent = meter.pointEpochs(found.keySet());
        assertThat(spent).isLessThanOrEqualTo(100).isGreaterThan(100 - 10 - 3);
        assertThat(search.summary()).containsEntry("budget_reached", true).containsEntry("point_epochs", spent);
        assertThat(search.generationsRun()).isLessThan(100);
    }

    @Test
    void pointsWithoutObjectivesAreAvoidedAndNeverRetried() {
        Map<String, List<Object>> axes = axes(6, 6);
        SearchSpace space = new SearchSpace(axes);
        ExploreSettings s = settings(36, 8, 20, axes);
        Set<Long> seen = new HashSet<>();
        Map<Long, double[]> found = new Nsga2Search(space, s, 3).run(Nsga2Search.initial(space, s, 3), batch -> {
            Map<Long, double[]> m = new LinkedHashMap<>();
            for (long i : batch) {
                assertThat(seen.add(i)).isTrue();
                int[] d = space.digits(i);
                if (d[0] < 4) { // the cost model rejects the rest
                    m.put(i, new double[] {d[0] + d[1], 10 - d[0] - 0.5 * d[1]});
                }
            }
            return m;
        });
        assertThat(found.values().stream().filter(o -> o == Nsga2Search.WORST).count()).isPositive();
    }

    @Test
    void hypervolumeIsTheDominatedArea() {
        double[] ref = {10, 10};
        assertThat(Pareto.hypervolume(List.of(new double[] {5, 5}), ref)).isEqualTo(25);
        assertThat(Pareto.hypervolume(List.of(new double[] {5, 5}, new double[] {2, 8}), ref)).isEqualTo(25 + 3 * 2);
        assertThat(Pareto.hypervolume(List.of(new double[] {5, 5}, new double[] {6, 6}, new double[] {12, 1}), ref)).isEqualTo(25);
        // Against counting unit cells of a random integer staircase.
        SplittableRandom r = new SplittableRandom(1);
        for (int t = 0; t < 50; t++) {
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                pts.add(new double[] {r.nextInt(12), r.nextInt(12)});
            }
            int cells = 0;
            for (int x = 0; x < 10; x++) {
                for (int y = 0; y < 10; y++) {
                    int cx = x;
                    int cy = y;
                    if (pts.stream().anyMatch(p -> p[0] <= cx && p[1] <= cy)) {
                        cells++;
                    }
                }
            }
            assertThat(Pareto.hypervolume(pts, ref)).isEqualTo(cells);
        }
    }

    @Test
    void anExplorationWithNsga2TrainsOnlyWhatItEvaluatesAndIsDeterministic() throws Exception {
        String body = """
                  search: nsga2
                  samples: 6
                  population: 4
                  generations: 3
                  halving: false
                  verify-front: 0
                  space:
                    patch: [4, 6, 5]
                    heads: [1, 2]
                    bits: [8, 6, 4]
                """;
        ExploreFixtures.run(ExploreFixtures.write(dir, "n.yaml", ExploreFixtures.yaml(body)), dir.resolve("a"));
        ExploreFixtures.run(ExploreFixtures.write(dir, "n2.yaml", ExploreFixtures.yaml(body.replace("verify-front: 0",
                "verify-front: 0\n  workers: 2"))), dir.resolve("b"));
        JsonNode a = ExploreFixtures.withoutTimes(dir.resolve("a/explore.json"));
        JsonNode b = ExploreFixtures.withoutTimes(dir.resolve("b/explore.json"));
        assertThat(b.get("points")).isEqualTo(a.get("points"));
        assertThat(a.at("/search/nsga2/evaluated").asInt()).isEqualTo(a.get("points").size()).isLessThanOrEqualTo(6);
        assertThat(a.at("/hypervolume/value").asDouble()).isPositive();
        assertThat(a.at("/hypervolume/reference/0").asDouble()).isEqualTo(a.at("/baselines/naive/val/mse").asDouble());
    }

    @Test
    void nsga2WithHalvingOrAPopulationWithoutNsga2AreErrors() throws Exception {
        assertThatThrownBy(() -> ExploreFixtures.run(ExploreFixtures.write(dir, "h.yaml", ExploreFixtures.yaml(
                "  search: nsga2\n  halving: true\n  space:\n    patch: [4]\n")), dir.resolve("h")))
                .isInstanceOf(UserError.class).hasMessageContaining("explore.halving").hasMessageContaining("nsga2");
        assertThatThrownBy(() -> ExploreFixtures.run(ExploreFixtures.write(dir, "p.yaml", ExploreFixtures.yaml(
                "  population: 8\n  space:\n    patch: [4]\n")), dir.resolve("p")))
                .isInstanceOf(UserError.class).hasMessageContaining("only search nsga2");
        assertThatThrownBy(() -> ExploreFixtures.run(ExploreFixtures.write(dir, "o.yaml", ExploreFixtures.yaml(
                "  objective: power\n  space:\n    patch: [4]\n")), dir.resolve("o")))
                .isInstanceOf(UserError.class).hasMessageContaining("is not energy, latency, area");
        assertThatThrownBy(() -> ExploreFixtures.run(ExploreFixtures.write(dir, "b.yaml", ExploreFixtures.yaml(
                "  budget: 100\n  space:\n    patch: [4]\n")), dir.resolve("b")))
                .isInstanceOf(UserError.class).hasMessageContaining("explore.budget").hasMessageContaining("only search nsga2");
        assertThatThrownBy(() -> ExploreFixtures.run(ExploreFixtures.write(dir, "n.yaml", ExploreFixtures.yaml(
                "  search: nsga2\n  budget: -1\n  space:\n    patch: [4]\n")), dir.resolve("n")))
                .isInstanceOf(UserError.class).hasMessageContaining("explore.budget");
    }
}
