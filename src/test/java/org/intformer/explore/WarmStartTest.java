package org.intformer.explore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Warm-started rungs: a promoted point continues its QAT run from the previous rung, and the float model is trained
 * once per shape. The final rung then holds exactly what training the point straight through gives, on any number
 * of workers, and a rerun that lost the in-memory runs (a kill between rungs) replays them to the same result.
 */
class WarmStartTest {
    @TempDir
    Path dir;

    /** Rungs of 1 and 2 float epochs: QAT 2 then 4 epochs (warm: float always 2 epochs). */
    private static String yaml(String extra) {
        return ExploreFixtures.yaml(4, """
                  min-epochs: 1
                  verify-front: 0
                """ + extra + """
                  space:
                    patch: [4, 6]
                    heads: [1, 2]
                    bits: [8, 4]
                """);
    }

    @Test
    void theFinalRungEqualsTrainingStraightThroughAndWorkersDoNotMatter() throws Exception {
        ExploreJob.Result warm = ExploreFixtures.run(ExploreFixtures.write(dir, "w.yaml", yaml("  workers: 1\n")), dir.resolve("warm"));
        ExploreFixtures.run(ExploreFixtures.write(dir, "w2.yaml", yaml("  workers: 2\n")), dir.resolve("warm2"));
        ExploreFixtures.run(ExploreFixtures.write(dir, "full.yaml", yaml("  workers: 2\n  halving: false\n")), dir.resolve("full"));
        JsonNode w = ExploreFixtures.withoutTimes(dir.resolve("warm/explore.json"));
        JsonNode full = ExploreFixtures.withoutTimes(dir.resolve("full/explore.json"));

        assertThat(w.at("/search/warm_start").asBoolean()).isTrue();
        assertThat(ExploreFixtures.withoutTimes(dir.resolve("warm2/explore.json"))).isEqualTo(w);
        // 8 points at rung 0, 4 promoted; float models: one per shape (patch × heads), shared by both bit widths.
        assertThat(warm.computed()).isEqualTo(12);
        try (Stream<Path> floats = Files.list(dir.resolve("warm/float"))) {
            assertThat(floats.count()).isEqualTo(4);
        }
        int finals = 0;
        for (int i = 0; i < 8; i++) {
            JsonNode p = w.at("/points/" + i);
            JsonNode f = full.at("/points/" + i);
            assertThat(p.at("/rungs/0/qat_epochs").asInt()).isEqualTo(2);
            assertThat(p.at("/rungs/0/epochs").asInt()).isEqualTo(2);
            if (p.get("status").asText().equals("done")) {
                finals++;
                assertThat(p.at("/rungs/1/qat_epochs").asInt()).isEqualTo(4);
                for (String key : List.of("val_mse", "test_mse", "float_val_mse", "float_test_mse", "energy_uj", "cycles", "lut")) {
                    assertThat(p.get(key)).as("%s %s", p.get("id"), key).isEqualTo(f.get(key));
                }
                assertThat(p.get("val_mse").asDouble()).as("the best epoch of a longer run").isLessThanOrEqualTo(p.at("/rungs/0/val_mse").asDouble());
            }
        }
        assertThat(finals).isEqualTo(4);
    }

    @Test
    void aRerunThatLostTheRunsBetweenRungsReplaysThemToTheSameResult() throws Exception {
        Path yaml = ExploreFixtures.write(dir, "w.yaml", yaml("  workers: 2\n"));
        Path out = dir.resolve("out");
        ExploreFixtures.run(yaml, out);
        JsonNode first = ExploreFixtures.withoutTimes(out.resolve("explore.json"));

        // As after a kill between rung 0 and rung 1: rung-1 results and the float models gone, nothing in memory.
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                String rel = out.relativize(f).toString();
                if (rel.startsWith("float") || rel.matches("points/p\\d+-r1.*") || rel.equals("explore.json")) {
                    Files.delete(f);
                }
            }
        }
        ExploreJob.Result resumed = ExploreFixtures.run(yaml, out);
        assertThat(resumed.reused()).isEqualTo(8);
        assertThat(resumed.computed()).isEqualTo(4);
        assertThat(ExploreFixtures.withoutTimes(out.resolve("explore.json"))).isEqualTo(first);
    }

    @Test
    void warmStartOffRetrainsEachRungFromScratchAtItsEpochs() throws Exception {
        ExploreFixtures.run(ExploreFixtures.write(dir, "c.yaml", yaml("  warm-start: false\n")), dir.resolve("cold"));
        JsonNode c = ExploreFixtures.withoutTimes(dir.resolve("cold/explore.json"));
        assertThat(c.at("/search/warm_start").asBoolean()).isFalse();
        assertThat(c.at("/points/0/rungs/0/epochs").asInt()).isEqualTo(1);
        assertThat(Files.exists(dir.resolve("cold/float"))).isFalse();
    }

    @Test
    void pointsThatDifferOnlyInLanesTrainOnce() throws Exception {
        String yaml = ExploreFixtures.yaml(2, """
                  workers: 2
                  halving: false
                  verify-front: 0
                  space:
                    patch: [4, 6]
                    lanes: [2, 4, 8]
                """);
        ExploreJob.Result r = ExploreFixtures.run(ExploreFixtures.write(dir, "l.yaml", yaml), dir.resolve("lanes"));
        assertThat(r.computed()).isEqualTo(6);
        assertThat(r.trainings()).isEqualTo(2);
        JsonNode j = ExploreFixtures.withoutTimes(dir.resolve("lanes/explore.json"));
        for (int shape = 0; shape < 2; shape++) {
            JsonNode a = j.at("/points/" + 3 * shape);
            for (int k = 1; k < 3; k++) {
                JsonNode b = j.at("/points/" + (3 * shape + k));
                assertThat(b.get("val_mse")).isEqualTo(a.get("val_mse"));
                assertThat(b.get("test_mse")).isEqualTo(a.get("test_mse"));
                assertThat(b.get("lanes")).isNotEqualTo(a.get("lanes"));
                assertThat(Files.readAllBytes(dir.resolve("lanes").resolve(b.get("model").asText())))
                        .isEqualTo(Files.readAllBytes(dir.resolve("lanes").resolve(a.get("model").asText())));
            }
        }
    }
}
