package org.intformer.explore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.intformer.config.ConfigKey;
import org.intformer.config.ConfigSchema;
import org.intformer.config.Origin;
import org.intformer.config.OtherValues;
import org.intformer.config.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** An explored point's stored result is reused only for the same settings, data content and code. */
class ResultKeysTest {
    @TempDir
    Path dir;

    private Path csv(String name, String lastValue) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, "date,OT\n2020-01-01 00:00:00,1.5\n2020-01-01 01:00:00," + lastValue + "\n");
        return f;
    }

    @Test
    void theHashCoversEverySettingTheDataContentAndTheCode() throws Exception {
        Path data = csv("a.csv", "2.5");
        Path other = csv("b.csv", "3.5");
        TrainConfig base = ConfigSchema.overlay(TrainConfig.defaults(), Map.of("data", data.toString()), Origin.commandLine());
        ResultStore store = new ResultStore(dir.resolve("x"), "code-a");
        String hash = store.hash(base, 16, "xc7s15", 0);
        for (ConfigKey key : ConfigSchema.KEYS) {
            TrainConfig changed = ConfigSchema.overlay(base, Map.of(key.name(), OtherValues.of(key, base, other)), Origin.commandLine());
            assertThat(store.hash(changed, 16, "xc7s15", 0)).as(key.name()).isNotEqualTo(hash);
        }
        assertThat(store.hash(base, 8, "xc7s15", 0)).isNotEqualTo(hash);
        assertThat(store.hash(base, 16, "ice40up5k", 0)).isNotEqualTo(hash);
        assertThat(store.hash(base, 16, "xc7s15", 1)).isNotEqualTo(hash);
        assertThat(new ResultStore(dir.resolve("x"), "code-b").hash(base, 16, "xc7s15", 0)).as("code").isNotEqualTo(hash);
        csv("a.csv", "2.6");
        assertThat(new ResultStore(dir.resolve("x"), "code-a").hash(base, 16, "xc7s15", 0)).as("data content").isNotEqualTo(hash);
    }

    @Test
    void anEditedCsvAtTheSamePathRetrainsEveryPoint() throws Exception {
        Path data = dir.resolve("series.csv");
        StringBuilder csv = new StringBuilder("date,OT\n");
        java.time.LocalDateTime t = java.time.LocalDateTime.of(2020, 1, 1, 0, 0);
        for (int i = 0; i < 600; i++) {
            csv.append(t.plusHours(i).toString().replace('T', ' ')).append(":00,")
                    .append(String.format(java.util.Locale.ROOT, "%.4f", Math.sin(i / 7.0) + 0.1 * Math.cos(i / 3.0))).append('\n');
        }
        Files.writeString(data, csv);
        Path yaml = ExploreFixtures.write(dir, "c.yaml", "data: " + data + "\n" + ExploreFixtures.yaml("""
                  halving: false
                  verify-front: 0
                  space:
                    patch: [4, 6]
                """).replace("synthetic-rows: 600\n", ""));
        assertThat(ExploreFixtures.run(yaml, dir.resolve("o")).computed()).isEqualTo(2);
        assertThat(ExploreFixtures.run(yaml, dir.resolve("o")).reused()).isEqualTo(2);
        Files.writeString(data, csv.toString().replace(",0.1000\n", ",0.1001\n"));
        ExploreJob.Result edited = ExploreFixtures.run(yaml, dir.resolve("o"));
        assertThat(edited.reused()).isZero();
        assertThat(edited.computed()).isEqualTo(2);
    }
}
