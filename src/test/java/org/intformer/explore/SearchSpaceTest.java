package org.intformer.explore;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.intformer.UserError;
import org.intformer.config.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchSpaceTest {
    @TempDir
    Path dir;

    private static SearchSpace space(Map<String, List<Object>> raw) {
        return SearchSpace.of(raw, SectionLines.none());
    }

    private static Map<String, List<Object>> axes(Object... keyValues) {
        Map<String, List<Object>> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<Object> values = (List<Object>) keyValues[i + 1];
            m.put((String) keyValues[i], values);
        }
        return m;
    }

    @Test
    void gridIsMixedRadixWithLastKeyFastestAndCanonicalValues() {
        SearchSpace s = space(axes("patch", List.of(4L, 8L), "head", List.of("FLATTEN", "gap"), "lanes", List.of("auto", 8L)));
        assertThat(s.size()).isEqualTo(8);
        assertThat(s.point(0)).containsExactly(Map.entry("patch", 4), Map.entry("head", "flatten"), Map.entry("lanes", "auto"));
        assertThat(s.point(1)).containsEntry("lanes", 8).containsEntry("head", "flatten");
        assertThat(s.point(2)).containsEntry("head", "gap").containsEntry("lanes", "auto");
        assertThat(s.point(7)).containsExactly(Map.entry("patch", 8), Map.entry("head", "gap"), Map.entry("lanes", 8));
        assertThat(s.id(7)).isEqualTo("p007");
        List<Map<String, Object>> all = java.util.stream.LongStream.range(0, 8).mapToObj(s::point).toList();
        assertThat(all).doesNotHaveDuplicates();
    }

    @Test
    void randomSamplingIsSeededDistinctAndSorted() {
        List<Long> a = Sampler.random(1000, 20, 7);
        assertThat(a).hasSize(20).doesNotHaveDuplicates().isSorted().allMatch(i -> i >= 0 && i < 1000);
        assertThat(Sampler.random(1000, 20, 7)).isEqualTo(a);
        assertThat(Sampler.random(1000, 20, 8)).isNotEqualTo(a);
        assertThat(Sampler.random(5, 20, 7)).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void gridLargerThanSamplesIsAnErrorGivingItsSize() {
        SearchSpace s = space(axes("patch", List.of(4L, 8L, 12L), "d-model", List.of(16L, 32L)));
        ExploreSettings settings = new ExploreSettings(ExploreSettings.Search.GRID, 5, "xc7s15", 1, true, false, 2, 1, 0, false,
                Map.of("patch", List.of(4L)), "energy", 16, 10, 0);
        assertThatThrownBy(() -> Sampler.indices(s, settings, 1)).isInstanceOf(UserError.class)
                .hasMessageContaining("the grid has 6 points, more than samples = 5");
    }

    @Test
    void invalidCombinationsAreMarkedWithTheirReason() {
        SearchSpace s = space(axes("patch", List.of(8L, 7L), "heads", List.of(1L, 3L)));
        TrainConfig base = TrainConfig.defaults();
        List<PointSpec> points = java.util.stream.LongStream.range(0, 4).mapToObj(i -> PointSpec.of(s, i, base)).toList();
        assertThat(points.get(0).valid()).isTrue();
        assertThat(points.get(0).config().threads()).isEqualTo(1);
        assertThat(points.get(1).invalidReason()).contains("not divisible by heads = 3");
        assertThat(points.get(2).invalidReason()).contains("not divisible by patch = 7");
    }

    @Test
    void unknownSpaceKeyNamesFileLineAndSuggestion() throws Exception {
        Path yaml = ExploreFixtures.write(dir, "c.yaml", ExploreFixtures.yaml("""
                  space:
                    patch: [4]
                    d-modl: [8]
                """));
        assertThatThrownBy(() -> ExploreFixtures.run(yaml, dir.resolve("o"))).isInstanceOf(UserError.class)
                .hasMessage(yaml + ":12: explore.space.d-modl: unknown key 'd-modl', did you mean 'd-model'? (any config key, or lanes)");
    }

    @Test
    void badValuesAndSettingsAreOneLineErrorsAtTheirLine() throws Exception {
        Path badType = ExploreFixtures.write(dir, "a.yaml", ExploreFixtures.yaml("""
                  space:
                    patch: [4, four]
                """));
        assertThatThrownBy(() -> ExploreFixtures.run(badType, dir.resolve("o"))).isInstanceOf(UserError.class)
                .hasMessageStartingWith(badType + ":11: key 'patch': expected an integer");
        Path eta = ExploreFixtures.write(dir, "b.yaml", ExploreFixtures.yaml("""
                  eta: 1
                  space:
                    patch: [4]
                """));
        assertThatThrownBy(() -> ExploreFixtures.run(eta, dir.resolve("o"))).isInstanceOf(UserError.class)
                .hasMessage(eta + ":10: explore.eta: must be at least 2 (keep 1/eta each rung), got 1");
        Path samples = ExploreFixtures.write(dir, "s.yaml", ExploreFixtures.yaml("  samples: 0\n  space:\n    patch: [4]\n"));
        assertThatThrownBy(() -> ExploreFixtures.run(samples, dir.resolve("o"))).hasMessageContaining(":10: explore.samples: must be at least 1");
        Path unknown = ExploreFixtures.write(dir, "u.yaml", ExploreFixtures.yaml("  serach: grid\n  space:\n    patch: [4]\n"));
        assertThatThrownBy(() -> ExploreFixtures.run(unknown, dir.resolve("o")))
                .hasMessageStartingWith(unknown + ":10: explore.serach: unknown key, did you mean 'search'?");
        Path workers = ExploreFixtures.write(dir, "w.yaml", ExploreFixtures.yaml("  workers: two\n  space:\n    patch: [4]\n"));
        assertThatThrownBy(() -> ExploreFixtures.run(workers, dir.resolve("o"))).hasMessageContaining(":10: explore.workers: expected an integer");
        Path lanes = ExploreFixtures.write(dir, "l.yaml", ExploreFixtures.yaml("  space:\n    lanes: [auto, many]\n"));
        assertThatThrownBy(() -> ExploreFixtures.run(lanes, dir.resolve("o"))).hasMessageContaining(":11: explore.space.lanes: expected 'auto' or an integer");
    }

    @Test
    void allPointsInvalidIsAUserError() throws Exception {
        Path yaml = ExploreFixtures.write(dir, "c.yaml", ExploreFixtures.yaml("  space:\n    patch: [5, 7]\n"));
        assertThatThrownBy(() -> ExploreFixtures.run(yaml, dir.resolve("o"))).isInstanceOf(UserError.class)
                .hasMessageContaining("all 2 points are invalid").hasMessageContaining("not divisible by patch = 5");
    }
}
