package org.intformer.explore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.intformer.report.ExplorePlots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FrontVerifierTest {
    private static PointOutcome point(String id, long cycles, int lut, int bram36, int bram18) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", id);
        m.put("rung", 2);
        m.put("status", "done");
        m.put("epochs", 15);
        m.put("qat_epochs", 20);
        m.put("cycles", cycles);
        m.put("lanes", 16);
        m.put("lut", lut);
        m.put("ff", 1000);
        m.put("dsp", 19);
        m.put("bram36", bram36);
        m.put("bram18", bram18);
        m.put("fits", true);
        m.put("seconds", 1.0);
        return PointOutcome.fromMap(m);
    }

    private static Map<String, Object> hardware(int lut, int bram36, int bram18, Map<String, Object> modelNow, long simCycles) {
        Map<String, Object> res = Map.of("lut", lut, "ff", 1000, "dsp", 19, "bram36", bram36, "bram18", bram18);
        Map<String, Object> report = new HashMap<>();
        report.put("resources", res);
        report.put("cost_model", Map.of("resources", modelNow));
        return Map.of("report", report, "verification", List.of(Map.of("cycles", simCycles)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void worstErrorsOfTheCurrentModelAndOfTheTrainingTimeEstimateWithBlockRamAsEquivalents() {
        // p1 was estimated at 1,200 LUTs and 2 RAMB18 during the exploration; synthesis: 1,000 LUTs and 1 RAMB36
        // (the same block RAM); the model now says 1,050 and 1 RAMB36.
        PointOutcome p1 = point("p1", 500, 1200, 0, 2);
        PointOutcome p2 = point("p2", 700, 900, 1, 0);
        Map<String, Map<String, Object>> hw = Map.of(
                "p1", hardware(1000, 1, 0, Map.of("lut", 1050, "ff", 1000, "dsp", 19, "bram36", 1, "bram18", 0), 500),
                "p2", hardware(1000, 1, 0, Map.of("lut", 980, "ff", 1000, "dsp", 19, "bram36", 1, "bram18", 0), 701));
        Map<String, Object> e = FrontVerifier.costModelError(List.of(p1, p2), hw);
        assertThat(e.get("points")).isEqualTo(2);
        Map<String, Double> now = (Map<String, Double>) e.get("worst_relative");
        Map<String, Double> then = (Map<String, Double>) e.get("worst_relative_at_training");
        assertThat(now.get("lut")).isCloseTo(0.05, within(1e-12));
        assertThat(now.get("bram36_equivalent")).isZero();
        assertThat(then.get("lut")).isCloseTo(0.2, within(1e-12));
        assertThat(then.get("bram36")).isEqualTo(1.0);
        assertThat(then.get("bram36_equivalent")).isZero();
        assertThat((List<Map<String, Object>>) e.get("cycle_mismatches")).singleElement()
                .satisfies(m -> assertThat(m).containsEntry("id", "p2").containsEntry("simulated", 701L));
    }

    /** The page reads the cost-model error under the key explore writes it (it once read another key and showed nothing). */
    @Test
    void theExplorePageShowsTheCostModelErrorAsExploreWritesIt(@TempDir Path dir) throws Exception {
        PointOutcome p1 = point("p1", 500, 1200, 0, 2);
        Map<String, Map<String, Object>> hw = Map.of(
                "p1", hardware(1000, 1, 0, Map.of("lut", 1050, "ff", 1100, "dsp", 19, "bram36", 1, "bram18", 0), 500));
        Map<String, Object> explore = new LinkedHashMap<>();
        explore.put("points", List.of());
        explore.put("cost_model_error", FrontVerifier.costModelError(List.of(p1), hw));
        ExplorePlots.write(dir, explore);
        String html = Files.readString(dir.resolve("explore.html"));
        assertThat(html).contains("worst cost-model error").contains("lut 5.0 %").contains("ff 10.0 %");
    }
}
