package org.intformer.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.intformer.cli.Main;
import org.intformer.config.ConfigLoader;
import org.intformer.explore.ExploreEngine;
import org.intformer.explore.ExploreJob;
import org.intformer.explore.PointSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark engine on {@code local[2]} against the local engine, on a small space of a CSV file (so the data goes
 * through the broadcast): the same explore.json, the Parquet table, a rerun that recomputes only what is missing, and
 * one cache for both engines.
 * "The same explore.json" is every field but the wall-clock {@code seconds} of each point, which no two runs share.
 */
class SparkEngineTest {
    @TempDir
    static Path dir;
    static Path yaml;

    @BeforeAll
    static void setUp() throws IOException {
        System.setProperty("spark.master", "local[2]");
        System.setProperty("spark.ui.enabled", "false");
        StringBuilder csv = new StringBuilder("date,OT\n");
        java.util.Random random = new java.util.Random(7);
        java.time.LocalDateTime t = java.time.LocalDateTime.of(2020, 1, 1, 0, 0);
        for (int i = 0; i < 600; i++) {
            double v = Math.sin(i * 2 * Math.PI / 24) + 0.5 * Math.sin(i * 2 * Math.PI / 168) + 0.1 * random.nextGaussian();
            csv.append(t.plusHours(i).toString().replace('T', ' ')).append(":00,").append((float) v).append('\n');
        }
        Path data = dir.resolve("series.csv");
        Files.writeString(data, csv);
        yaml = dir.resolve("explore.yaml");
        Files.writeString(yaml, """
                data: %s
                lookback: 24
                horizon: 6
                d-model: 8
                ffn: 16
                batch: 64
                epochs: 2
                qat-epochs: 2
                explore:
                  min-epochs: 1
                  verify-front: 0
                  workers: 2
                  space:
                    patch: [4, 6]
                    bits: [8, 4]
                    lanes: [auto, 4]
                """.formatted(data));
    }

    @AfterAll
    static void tearDown() {
        System.clearProperty("spark.master");
        System.clearProperty("spark.ui.enabled");
    }

    private static ExploreJob.Result run(Path out, String engine) {
        ConfigLoader.Sectioned loaded = new ConfigLoader().load(yaml, Map.of(), Set.of(ExploreJob.SECTION));
        return ExploreJob.run(loaded, yaml, out, null, null, engine);
    }

    @Test
    void sparkOnLocal2GivesTheLocalEnginesExploreJsonAndATableAndResumes() throws IOException {
        ExploreJob.Result local = run(dir.resolve("local"), "local");
        ExploreJob.Result spark = run(dir.resolve("spark"), "spark");

        assertThat(spark.computed()).isEqualTo(local.computed()).isGreaterThan(8); // 8 points at rung 0, survivors at rung 1
        assertThat(spark.reused()).isZero();
        assertThat(withoutTimes(dir.resolve("spark/explore.json"))).isEqualTo(withoutTimes(dir.resolve("local/explore.json")));
        assertThat(spark.chosenId()).isEqualTo(local.chosenId()).isNotNull();

        // The Parquet table: one row per point, typed, the same values as explore.json.
        Path table = dir.resolve("spark").resolve(ResultsTable.DIR);
        assertThat(table).isDirectory();
        assertThat(dir.resolve("local").resolve(ResultsTable.DIR)).doesNotExist();
        SparkSession session = SparkSession.builder().master("local[1]").appName("read").getOrCreate();
        try {
            List<Row> rows = session.read().parquet(table.toString()).orderBy("id").collectAsList();
            List<Map<String, Object>> points = points(local);
            assertThat(rows).hasSameSizeAs(points);
            for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                Map<String, Object> p = points.get(i);
                assertThat(row.<String>getAs("id")).isEqualTo(p.get("id"));
                assertThat(row.<String>getAs("status")).isEqualTo(p.get("status"));
                assertThat(row.<Long>getAs("param_patch")).isEqualTo(((Number) ((Map<?, ?>) p.get("params")).get("patch")).longValue());
                assertThat(row.<String>getAs("param_lanes")).isEqualTo(String.valueOf(((Map<?, ?>) p.get("params")).get("lanes")));
                assertThat(row.<Double>getAs("val_mse")).isEqualTo(p.get("val_mse"));
                assertThat(row.<Boolean>getAs("pareto")).isEqualTo(p.get("pareto"));
            }
        } finally {
            session.stop();
        }

        // Finished points are never redone: with two results deleted (as if their worker died), exactly those two rerun,
        // through the command line this time (plots and HTML as with the local engine).
        List<Path> deleted = new ArrayList<>();
        try (var files = Files.list(dir.resolve("spark/points"))) {
            files.filter(f -> f.getFileName().toString().endsWith("-r0.json")).sorted().limit(2).forEach(deleted::add);
        }
        for (Path f : deleted) {
            Files.delete(f);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "explore", yaml.toString(), "--engine", "spark",
                "--quiet", "--no-best-report", "--out", dir.resolve("spark").toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("2 trained, ");
        assertThat(withoutTimes(dir.resolve("spark/explore.json"))).isEqualTo(withoutTimes(dir.resolve("local/explore.json")));
        assertThat(dir.resolve("spark/explore.html")).isRegularFile();
        assertThat(dir.resolve("spark/plots/pareto-energy.png")).isRegularFile();

        // The engines share one cache: Spark on the local engine's directory reuses every result.
        ExploreJob.Result again = run(dir.resolve("local"), "spark");
        assertThat(again.computed()).isZero();
        assertThat(again.reused()).isEqualTo(local.computed());
        assertThat(withoutTimes(dir.resolve("local/explore.json"))).isEqualTo(withoutTimes(dir.resolve("spark/explore.json")));
    }

    @Test
    void aTaskGetsThePointsThreadsAndExecutorsTheVectorModule() {
        System.setProperty("spark.executor.extraJavaOptions", "-Dx=1");
        try (SparkEngine engine = new SparkEngine(new ExploreEngine.Context(dir.resolve("conf"), "code", "xc7s15", true, 2,
                new ConfigLoader().load(yaml, Map.of(), Set.of(ExploreJob.SECTION)).config()))) {
            assertThat(engine.conf().get("spark.task.cpus")).isEqualTo(String.valueOf(PointSpec.THREADS));
            assertThat(engine.conf().get("spark.master")).isEqualTo("local[2]");
            assertThat(engine.conf().get("spark.executor.extraJavaOptions")).contains("-Dx=1", "--add-modules=jdk.incubator.vector");
        } finally {
            System.clearProperty("spark.executor.extraJavaOptions");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> points(ExploreJob.Result r) {
        return (List<Map<String, Object>>) r.explore().get("points");
    }

    private static JsonNode withoutTimes(Path exploreJson) {
        return ExploreJob.withoutTimes(exploreJson);
    }
}
