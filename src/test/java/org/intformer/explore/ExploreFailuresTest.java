package org.intformer.explore;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.intformer.cli.CommandsEndToEndTest;
import org.intformer.cli.Main;
import org.intformer.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A point whose hardware run fails (here: its integer model file was damaged after training, so the hardware
 * run cannot read it) must show up everywhere a user looks: stderr, exit code, explore.json, explore.csv,
 * explore.html and the cost-model error, with or without --keep-going.
 */
class ExploreFailuresTest {
    @TempDir
    Path dir;

    private static final String SPACE = """
              halving: false
              verify-front: %d
              space:
                patch: [4, 6]
            """;

    @Test
    void aPointWhoseHardwareRunFailsIsReportedEverywhereAndTheExitCodeSaysSo() throws Exception {
        Path yaml = ExploreFixtures.write(dir, "c.yaml", ExploreFixtures.yaml(SPACE.formatted(0)));
        Path out = dir.resolve("o");
        CommandsEndToEndTest.Run trained = CommandsEndToEndTest.run("explore", yaml.toString(), "--out", out.toString(),
                "--quiet", "--no-best-report");
        assertThat(trained.code()).as(trained.err()).isZero();
        String chosen = Json.MAPPER.readTree(out.resolve(ExploreJob.JSON_FILE).toFile()).get("chosen").asText();
        Path model = out.resolve("points").resolve(chosen + "-r0").resolve("model.iqm");
        Files.write(model, new byte[] {'I', 'Q', 'M', 0, 1, 2});

        // Verify the chosen point in hardware: its model cannot be read, so the hardware run fails.
        Files.writeString(yaml, ExploreFixtures.yaml(SPACE.formatted(1)));
        CommandsEndToEndTest.Run failed = CommandsEndToEndTest.run("explore", yaml.toString(), "--out", out.toString(),
                "--quiet");
        assertThat(failed.code()).as(failed.out() + failed.err()).isEqualTo(Main.EXIT_FAILED);
        assertThat(failed.err()).contains(chosen).contains("hardware").contains("model.iqm");
        assertThat(out.resolve("best")).as("stops before the chosen point's pipeline").doesNotExist();

        JsonNode explore = Json.MAPPER.readTree(out.resolve(ExploreJob.JSON_FILE).toFile());
        assertThat(explore.get("failures")).hasSize(1);
        assertThat(explore.at("/failures/0/id").asText()).isEqualTo(chosen);
        assertThat(explore.at("/failures/0/stage").asText()).isEqualTo("hardware");
        assertThat(explore.at("/cost_model_error/failed/0").asText()).isEqualTo(chosen);
        assertThat(explore.at("/cost_model_error/points").asInt()).isZero();

        List<String> csv = Files.readAllLines(out.resolve(ExploreJob.CSV_FILE));
        int column = List.of(csv.get(0).split(",")).indexOf("hardware");
        assertThat(column).isPositive();
        String row = csv.stream().filter(l -> l.startsWith(chosen + ",")).findFirst().orElseThrow();
        assertThat(row.split(",")[column]).isEqualTo("failed");
        assertThat(row).contains("model.iqm");

        String html = Files.readString(out.resolve("explore.html"));
        assertThat(html).contains("<h2>Failures</h2>").contains(chosen).contains("model.iqm");

        // --keep-going carries on past the failure, and still shows it and exits non-zero.
        CommandsEndToEndTest.Run kept = CommandsEndToEndTest.run("explore", yaml.toString(), "--out", out.toString(),
                "--quiet", "--keep-going", "--no-best-report");
        assertThat(kept.code()).isEqualTo(Main.EXIT_FAILED);
        assertThat(kept.err()).contains(chosen).contains("hardware");
        assertThat(kept.out()).contains("chosen: " + chosen);
    }
}
