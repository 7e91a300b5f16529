package org.intformer.explore;

import java.nio.file.Files;
import java.nio.file.Path;
import org.intformer.cli.CommandsEndToEndTest;
import org.intformer.cli.Main;
import com.fasterxml.jackson.databind.JsonNode;
import org.intformer.io.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code intformer explore} through the command line. */
class ExploreCommandTest {
    @TempDir
    Path dir;

    private static CommandsEndToEndTest.Run run(String... args) {
        return CommandsEndToEndTest.run(args);
    }

    @Test
    void exploresAndReportsTheChosenPoint() throws Exception {
        Path yaml = ExploreFixtures.write(dir, "c.yaml", ExploreFixtures.yaml("""
                  halving: false
                  verify-front: 0
                  space:
                    patch: [4, 6]
                """));
        CommandsEndToEndTest.Run r = run("explore", yaml.toString(), "--out", dir.resolve("o").toString(), "--quiet", "--no-best-report");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("2 trained, 0 reused").contains("chosen: p00");
        assertThat(Files.exists(dir.resolve("o/explore.json"))).isTrue();
        assertThat(Files.readString(dir.resolve("o/explore.html"))).contains("data:image/png;base64,");
        assertThat(dir.resolve("o/plots/pareto-energy.png")).isRegularFile();
        assertThat(dir.resolve("o/best")).doesNotExist();
        CommandsEndToEndTest.Run again = run("explore", yaml.toString(), "--out", dir.resolve("o").toString(), "--quiet", "--workers", "2",
                "--no-best-report");
        assertThat(again.out()).contains("0 trained, 2 reused");
        CommandsEndToEndTest.Run dry = run("explore", yaml.toString(), "--dry-run");
        assertThat(dry.out()).startsWith("2 points of a 2-point grid, 2 valid; rung epochs [2], eta 2").contains("p001 {patch=6}");
    }

    @Test
    void anEngineThatIsNotOnTheClassPathIsAOneLineUserError() throws Exception {
        Path yaml = ExploreFixtures.write(dir, "c.yaml", ExploreFixtures.yaml("""
                  halving: false
                  verify-front: 0
                  space:
                    patch: [4, 6]
                """));
        CommandsEndToEndTest.Run spark = run("explore", yaml.toString(), "--engine", "spark", "--out", dir.resolve("o").toString());
        assertThat(spark.code()).isEqualTo(Main.EXIT_USER);
        assertThat(spark.err()).contains("--engine spark needs the intformer-spark module").contains("bin/intformer-spark")
                .doesNotContain("Exception");
        CommandsEndToEndTest.Run unknown = run("explore", yaml.toString(), "--engine", "slurm", "--out", dir.resolve("o").toString());
        assertThat(unknown.code()).isEqualTo(Main.EXIT_USER);
        assertThat(unknown.err()).contains("unknown --engine 'slurm'; engines here: local");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    @Tag("slow")
    void theChosenPointGetsTheWholePipelineAndItsReport() throws Exception {
        Path yaml = ExploreFixtures.write(dir, "c.yaml", ExploreFixtures.yaml("""
                  halving: false
                  verify-front: 0
                  space:
                    patch: [4, 6]
                """));
        CommandsEndToEndTest.Run r = run("explore", yaml.toString(), "--out", dir.resolve("o").toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("chosen point's report");
        JsonNode best = Json.MAPPER.readTree(dir.resolve("o/best/report.json").toFile());
        JsonNode explore = Json.MAPPER.readTree(dir.resolve("o/explore.json").toFile());
        JsonNode chosen = null;
        for (JsonNode p : explore.get("points")) {
            if (p.get("chosen").asBoolean()) {
                chosen = p;
            }
        }
        assertThat(chosen).isNotNull();
        // Training is deterministic: the full run of the chosen point reproduces its explored accuracy and cycles.
        assertThat(best.at("/variants/0/metrics/integer/val/mse").asDouble()).isEqualTo(chosen.get("val_mse").asDouble());
        assertThat(best.at("/variants/0/hardware/xc7s15/cycles").asLong()).isEqualTo(chosen.get("cycles").asLong());
        assertThat(best.at("/variants/0/hardware/xc7s15/verification/0/mismatches").asLong()).isZero();
        assertThat(dir.resolve("o/best/report.html")).isRegularFile();
    }

    @Test
    void configErrorsExitTwoWithOneLine() throws Exception {
        Path yaml = ExploreFixtures.write(dir, "c.yaml", ExploreFixtures.yaml("  space:\n    pach: [4]\n"));
        CommandsEndToEndTest.Run r = run("explore", yaml.toString(), "--out", dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(Main.EXIT_USER);
        assertThat(r.err().strip()).isEqualTo("intformer: error: " + yaml
                + ":11: explore.space.pach: unknown key 'pach', did you mean 'patch'? (any config key, or lanes)");
        Path none = ExploreFixtures.write(dir, "n.yaml", "epochs: 1\n");
        assertThat(run("explore", none.toString()).err()).contains("no 'explore:' section");
    }
}
