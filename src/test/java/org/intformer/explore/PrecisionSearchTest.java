package org.intformer.explore;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.intformer.UserError;
import org.intformer.config.ConfigSchema;
import org.intformer.config.Origin;
import org.intformer.config.TrainConfig;
import org.intformer.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The mixed-precision search end to end on a tiny synthetic model: probes, both walks, QAT points, front, reuse. */
class PrecisionSearchTest {
    @TempDir
    Path dir;

    static TrainConfig tiny() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("lookback", 12);
        o.put("horizon", 3);
        o.put("patch", 4);
        o.put("d-model", 8);
        o.put("ffn", 16);
        o.put("epochs", 2);
        o.put("qat-epochs", 1);
        o.put("batch", 64);
        o.put("synthetic-rows", 700);
        o.put("synthetic-channels", 2);
        o.put("threads", 1);
        return ConfigSchema.overlay(TrainConfig.defaults(), o, Origin.commandLine()).validate();
    }

    @Test
    @SuppressWarnings("unchecked")
    void findsMixedAssignmentsAndComparesThemWithUniformWidths() {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        PrecisionSearch.Options o = new PrecisionSearch.Options(List.of(8, 4), "xc7s15", 2);
        PrecisionSearch.Result r = PrecisionSearch.run(tiny(), null, o, dir, quiet, () -> TrainingListener.NONE);
        Map<String, Object> c = r.content();
        List<Map<String, Object>> sensitivity = (List<Map<String, Object>>) c.get("sensitivity");
        assertThat(sensitivity).anyMatch(s -> "lowering".equals(s.get("walk")) && "linear".equals(s.get("unit")));
        assertThat(sensitivity).anyMatch(s -> "raising".equals(s.get("walk")) && "embed".equals(s.get("unit")));
        List<Map<String, Object>> points = (List<Map<String, Object>>) c.get("points");
        assertThat(points).extracting(p -> p.get("name")).startsWith("uniform-8", "uniform-4");
        for (Map<String, Object> p : points) {
            assertThat((Double) p.get("val_mse")).isPositive();
            assertThat(((Number) p.get("energy_uj")).doubleValue()).isPositive();
            if ("mixed".equals(p.get("kind"))) {
                assertThat((String) p.get("layer_bits")).isNotEmpty();
            }
        }
        assertThat((List<Object>) c.get("front")).isNotEmpty();
        assertThat(dir.resolve(PrecisionSearch.JSON_FILE)).exists();

        // A rerun reuses every training and QAT stage and finds the same points.
        PrecisionSearch.Result again = PrecisionSearch.run(tiny(), null, o, dir, quiet, () -> {
            throw new AssertionError("nothing should train again");
        });
        assertThat(again.content().get("points")).isEqualTo(c.get("points"));
    }

    @Test
    void widthsMustGoFromWidestToNarrowest() {
        assertThatThrownBy(() -> new PrecisionSearch.Options(List.of(4, 8), "xc7s15", 2)).isInstanceOf(UserError.class)
                .hasMessageContaining("widest first");
        assertThatThrownBy(() -> new PrecisionSearch.Options(List.of(8, 1), "xc7s15", 2)).isInstanceOf(UserError.class)
                .hasMessageContaining("outside 2..8");
    }
}
