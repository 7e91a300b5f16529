package org.intformer.explore;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.intformer.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Real explorations of tiny models on the synthetic data (a few seconds each). */
class ExploreJobTest {
    @TempDir
    Path dir;

    @Test
    void resultsDoNotDependOnWorkersAndARerunReusesEverything() throws Exception {
        Path one = ExploreFixtures.write(dir, "one.yaml", ExploreFixtures.yaml("  workers: 1\n" + ExploreFixtures.SMALL_SPACE));
        Path two = ExploreFixtures.write(dir, "two.yaml", ExploreFixtures.yaml("  workers: 2\n" + ExploreFixtures.SMALL_SPACE));
        ExploreJob.Result a = ExploreFixtures.run(one, dir.resolve("a"));
        ExploreJob.Result b = ExploreFixtures.run(two, dir.resolve("b"));
        JsonNode ja = ExploreFixtures.withoutTimes(dir.resolve("a/explore.json"));
        JsonNode jb = ExploreFixtures.withoutTimes(dir.resolve("b/explore.json"));
        assertThat(jb.get("points")).isEqualTo(ja.get("points"));
        assertThat(jb).isEqualTo(ja);

        // 12 grid points, 4 with patch 5 invalid; 8 at rung 0, the best 4 at rung 1.
        assertThat(ja.at("/search/invalid").asInt()).isEqualTo(4);
        assertThat(a.computed()).isEqualTo(12);
        List<String> statuses = new ArrayList<>();
        ja.get("points").forEach(p -> statuses.add(p.get("status").asText()));
        assertThat(statuses).containsOnly("done", "pruned", "invalid");
        assertThat(statuses.stream().filter("done"::equals)).hasSize(4);
        double worstKept = 0;
        double bestPruned = Double.MAX_VALUE;
        for (JsonNode p : ja.get("points")) {
            if (p.get("status").asText().equals("invalid")) {
                assertThat(p.get("reason").asText()).contains("patch = 5");
                continue;
            }
            double rung0 = p.at("/rungs/0/val_mse").asDouble();
            if (p.get("status").asText().equals("done")) {
                worstKept = Math.max(worstKept, rung0);
                assertThat(p.get("rung").asInt()).isEqualTo(1);
                assertThat(p.get("epochs").asInt()).isEqualTo(2);
                assertThat(Files.exists(dir.resolve("a").resolve(p.get("model").asText()))).isTrue();
            } else {
                bestPruned = Math.min(bestPruned, rung0);
            }
            assertThat(p.get("energy_uj").asDouble()).isPositive();
            assertThat(p.get("cycles").asLong()).isPositive();
        }
        assertThat(worstKept).as("promotion by rung-0 validation MSE").isLessThanOrEqualTo(bestPruned);

        // chosen = lowest validation MSE among fitting final points; it is on the front.
        String chosen = ja.get("chosen").asText();
        double chosenVal = Double.MAX_VALUE;
        for (JsonNode p : ja.get("points")) {
            if (p.get("status").asText().equals("done") && p.get("fits").asBoolean()) {
                chosenVal = Math.min(chosenVal, p.get("val_mse").asDouble());
            }
        }
        JsonNode chosenPoint = null;
        for (JsonNode p : ja.get("points")) {
            if (p.get("id").asText().equals(chosen)) {
                chosenPoint = p;
            }
        }
        assertThat(chosenPoint.get("val_mse").asDouble()).isEqualTo(chosenVal);
        assertThat(chosenPoint.get("chosen").asBoolean()).isTrue();
        assertThat(Json.MAPPER.convertValue(ja.get("front"), List.class)).contains(chosen);
        assertThat(a.chosenConfig().threads()).isEqualTo(0);
        assertThat(ja.at("/baselines/naive/test/mse").isNumber()).isTrue();
        assertThat(Files.readAllLines(dir.resolve("a/explore.csv"))).hasSize(13).first().asString()
                .startsWith("id,param.patch,param.heads,param.bits,status");

        ExploreJob.Result again = ExploreFixtures.run(one, dir.resolve("a"));
        assertThat(again.computed()).isZero();
        assertThat(again.reused()).isEqualTo(12);
        assertThat(ExploreFixtures.withoutTimes(dir.resolve("a/explore.json"))).isEqualTo(ja);
    }

    @Test
    void aChangedPointConfigIsRecomputed() throws Exception {
        Path yaml = ExploreFixtures.write(dir, "c.yaml", ExploreFixtures.yaml("""
                  halving: false
                  verify-front: 0
                  space:
                    patch: [4, 6]
                """));
        assertThat(ExploreFixtures.run(yaml, dir.resolve("o")).computed()).isEqualTo(2);
        Files.writeString(yaml, Files.readString(yaml).replace("patch: [4, 6]", "patch: [4, 6]\n    bits: [6]"));
        ExploreJob.Result r = ExploreFixtures.run(yaml, dir.resolve("o"));
        assertThat(r.reused()).isZero();
        assertThat(r.computed()).isEqualTo(2);
    }

    @Test
    void shapesPredictedNotToFitAreNeverTrained() throws Exception {
        // 256 MAC lanes cannot fit 20 DSP slices and 8,000 LUTs whatever the calibration of the cost model.
        Path yaml = ExploreFixtures.write(dir, "c.yaml", ExploreFixtures.yaml("""
                  min-epochs: 1
                  verify-front: 0
                  space:
                    lanes: [auto, 256]
                    patch: [4, 6]
                """));
        ExploreJob.Result r = ExploreFixtures.run(yaml, dir.resolve("o"));
        JsonNode points = Json.MAPPER.valueToTree(r.explore().get("points"));
        for (JsonNode p : points) {
            if (p.at("/params/lanes").asText().equals("auto")) {
                assertThat(p.get("status").asText()).isIn("done", "pruned");
                continue;
            }
            assertThat(p.get("status").asText()).isEqualTo("infeasible");
            assertThat(p.get("reason").asText()).contains("do not fit xc7s15 (before training)");
            assertThat(p.get("val_mse").isNull()).isTrue();
            assertThat(p.get("fits").asBoolean()).isFalse();
            assertThat(p.get("rung").asInt()).isZero();
            assertThat(p.get("pareto").asBoolean()).isFalse();
            assertThat(Files.exists(dir.resolve("o/points/" + p.get("id").asText() + "-r0"))).isFalse();
        }
        assertThat(r.chosenId()).isIn("p000", "p001");
    }

    @Test
    void resultsFollowTheirPointWhenEditingTheSpaceMovesIds() throws Exception {
        String before = """
                  halving: false
                  verify-front: 0
                  space:
                    patch: [4, 6]
                """;
        Path yaml = ExploreFixtures.write(dir, "c.yaml", ExploreFixtures.yaml(before));
        assertThat(ExploreFixtures.run(yaml, dir.resolve("o")).computed()).isEqualTo(2);
        // patch 4 and 6 move from p000, p001 to p001, p002.
        Files.writeString(yaml, ExploreFixtures.yaml(before.replace("[4, 6]", "[2, 4, 6]")));
        ExploreJob.Result edited = ExploreFixtures.run(yaml, dir.resolve("o"));
        assertThat(edited.computed()).isEqualTo(1);
        assertThat(edited.reused()).isEqualTo(2);
        ExploreJob.Result fresh = ExploreFixtures.run(yaml, dir.resolve("fresh"));
        assertThat(ExploreFixtures.withoutTimes(dir.resolve("o/explore.json")))
                .isEqualTo(ExploreFixtures.withoutTimes(dir.resolve("fresh/explore.json")));
        assertThat(fresh.computed()).isEqualTo(3);
    }
}
