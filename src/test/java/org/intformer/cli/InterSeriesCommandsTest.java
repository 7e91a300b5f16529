package org.intformer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.intformer.integer.IntModel;
import org.intformer.integer.IntModelFile;
import org.intformer.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.intformer.cli.CommandsEndToEndTest.args;
import static org.intformer.cli.CommandsEndToEndTest.run;

/**
 * The inter-series model through the command line on the built-in synthetic data (4 series, hourly): train with
 * date features and a holiday calendar, the multi-series report keys, eval, predict past the end, QAT to an
 * integer model of IR version 2, its hardware (hw, and run's hardware stage), and the clear refusals.
 */
class InterSeriesCommandsTest {
    static final String[] SMALL = {"--model", "inter-series", "--features", "M", "--synthetic-rows", "800",
            "--lookback", "24", "--horizon", "6", "--d-model", "8", "--ffn", "16", "--patch", "4", "--epochs", "2",
            "--qat-epochs", "1", "--batch", "64", "--day-of-week", "onehot", "--hour-of-day", "sincos", "--quiet"};
    static final List<String> REPORTED = List.of("naive", "seasonal_naive", "linear", "linear_per_series", "ablation", "float");

    @TempDir
    Path dir;

    private String[] small() throws IOException {
        Path holidays = dir.resolve("holidays.csv");
        Files.writeString(holidays, "date,name,kind\n2020-01-01,New Year,holiday\n2020-01-06,Epiphany,holiday\n");
        return args(SMALL, "--holidays", holidays.toString());
    }

    @Test
    void trainEvalPredictQatAndTheReportKeys() throws IOException {
        Path out = dir.resolve("train");
        CommandsEndToEndTest.Run train = run(args(args(new String[] {"train"}, small()), "--out", out.toString()));
        assertThat(train.code()).as(train.err()).isZero();
        JsonNode report = Json.MAPPER.readTree(out.resolve("report.json").toFile());
        for (String model : REPORTED) {
            for (String split : List.of("val", "test")) {
                for (String m : List.of("mse", "mae", "wape", "mase")) {
                    assertThat(report.at("/metrics/" + model + "/" + split + "/" + m).isNumber()).as(model + " " + split + " " + m).isTrue();
                }
            }
            for (String series : List.of("X1", "X2", "X3", "OT")) {
                assertThat(report.at("/metrics/" + model + "/test/per_series/" + series + "/wape").isNumber()).as(model + series).isTrue();
            }
        }
        assertThat(report.at("/data/season").asInt()).isEqualTo(24);
        assertThat(report.at("/data/date_features")).hasSize(7 + 2 + 1);
        assertThat(report.at("/model/kind").asText()).isEqualTo("inter-series");
        assertThat(report.at("/attention/layers/0/heads/0")).hasSize(4);
        assertThat(report.at("/attention/windows").asInt()).isEqualTo(report.at("/data/windows/test").asInt());
        assertThat(out.resolve(report.at("/artifacts/ablation").asText())).isRegularFile();

        Path model = out.resolve("model.ifm");
        Path evalJson = dir.resolve("eval.json");
        CommandsEndToEndTest.Run eval = run("eval", "--model", model.toString(), "--out", evalJson.toString());
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(Json.MAPPER.readTree(evalJson.toFile()).at("/metrics/float")).isEqualTo(report.at("/metrics/float"));

        Path csv = dir.resolve("future.csv");
        CommandsEndToEndTest.Run future = run("predict", "--model", model.toString(), "--out", csv.toString(), "--windows", "future");
        assertThat(future.code()).as(future.err()).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(1 + 6);
        // 800 hourly rows from 2020-01-01 00:00: the last is 2020-02-03 07:00, the first forecast an hour later
        assertThat(lines.get(1)).startsWith("0,2020-02-03 07:00:00,1,2020-02-03 08:00:00,");

        Path qat = dir.resolve("qat");
        CommandsEndToEndTest.Run q = run("qat", "--from", model.toString(), "--bits", "8", "--qat-epochs", "1", "--quiet",
                "--out", qat.toString());
        assertThat(q.code()).as(q.err()).isZero();
        JsonNode qr = Json.MAPPER.readTree(qat.resolve("report.json").toFile());
        for (String m : List.of("qat", "integer")) {
            assertThat(qr.at("/metrics/" + m + "/test/wape").isNumber()).as(m).isTrue();
            assertThat(qr.at("/metrics/" + m + "/test/per_series/OT/mse").isNumber()).as(m).isTrue();
        }
        assertThat(qr.at("/integer/agreement/identical_fraction").asDouble()).isGreaterThan(0.99);
        IntModel integer = IntModelFile.read(qat.resolve("model.iqm"));
        assertThat(integer.formatVersion()).isEqualTo(2);
        assertThat(integer.extraInputs()).containsExactly("dates");
        Path iqmEval = dir.resolve("ieval.json");
        CommandsEndToEndTest.Run ie = run("eval", "--model", qat.resolve("model.iqm").toString(), "--out", iqmEval.toString());
        assertThat(ie.code()).as(ie.err()).isZero();
        assertThat(Json.MAPPER.readTree(iqmEval.toFile()).at("/metrics/integer/test")).isEqualTo(qr.at("/metrics/integer/test"));

        // hardware: the model's own test windows (window and date features) through the generated design
        if (org.intformer.hw.Simulation.available(org.intformer.hw.Simulation.Simulator.ICARUS)) {
            Path hwDir = dir.resolve("hw");
            CommandsEndToEndTest.Run hw = run("hw", "--model", qat.resolve("model.iqm").toString(), "--lanes", "4", "--windows", "3",
                    "--simulators", "icarus", "--out", hwDir.toString());
            assertThat(hw.code()).as(hw.err()).isZero();
            JsonNode hr = Json.MAPPER.readTree(hwDir.resolve("report.json").toFile());
            assertThat(hr.at("/verification/0/mismatches").asLong()).isZero();
            assertThat(hr.at("/verification/0/windows").asInt()).isEqualTo(3);
            assertThat(hr.at("/verification_windows/source").asText()).isEqualTo("test split");
            assertThat(hr.at("/hardware/cycles").asLong()).isEqualTo(hr.at("/design/cycles").asLong()).isPositive();
        }
        CommandsEndToEndTest.Run board = run("board", "--model", qat.resolve("model.iqm").toString(), "--out",
                dir.resolve("board").toString());
        assertThat(board.code()).isEqualTo(2);
        assertThat(board.err()).contains("the board and device commands do not support integer models of IR version 2 yet");
    }

    @Test
    void runBuildsTheIntegerModelsTheMultiSeriesPageAndTheHardware() throws IOException {
        Path out = dir.resolve("run");
        boolean icarus = org.intformer.hw.Simulation.available(org.intformer.hw.Simulation.Simulator.ICARUS);
        CommandsEndToEndTest.Run r = run(args(args(new String[] {"run"}, small()), "--targets", icarus ? "xc7s15" : "none",
                "--no-synth", "--windows", "2", "--simulators", "icarus", "--lanes", "4", "--bit-widths", "8", "--out", out.toString()));
        assertThat(r.code()).as(r.err()).isZero();
        if (icarus) {
            JsonNode hw = Json.MAPPER.readTree(out.resolve("stages").resolve("hw-8-xc7s15").resolve("report.json").toFile());
            assertThat(hw.at("/verification/0/mismatches").asLong()).isZero();
            assertThat(hw.at("/verification/0/windows").asInt()).isEqualTo(2);
        }
        JsonNode report = Json.MAPPER.readTree(out.resolve("report.json").toFile());
        assertThat(report.at("/metrics/integer/test/per_series/X1/mase").isNumber()).isTrue();
        assertThat(report.at("/metrics/qat/val/mse").isNumber()).isTrue();
        assertThat(report.at("/per_step/ablation")).hasSize(6);
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("Accuracy per series", "Cross-series attention", "test WAPE");
        assertThat(out.resolve("plots/cross-series-attention.png")).isRegularFile();
    }

    @Test
    void aSmallModelOverManySeriesLoadsAgain() throws IOException {
        // its per-series encoder sees one series: fewer parameters than an encoder over all 16 columns would have
        Path out = dir.resolve("many");
        CommandsEndToEndTest.Run train = run(args(args(new String[] {"train"}, small()), "--synthetic-channels", "16",
                "--head", "flatten", "--no-ablation", "--out", out.toString()));
        assertThat(train.code()).as(train.err()).isZero();
        CommandsEndToEndTest.Run eval = run("eval", "--model", out.resolve("model.ifm").toString(), "--out",
                dir.resolve("many.json").toString());
        assertThat(eval.code()).as(eval.err()).isZero();
    }

    @Test
    void sameSeedSameMetricsWithOneOrTwoThreads() throws IOException {
        JsonNode[] metrics = new JsonNode[2];
        for (int t = 1; t <= 2; t++) {
            Path out = dir.resolve("t" + t);
            CommandsEndToEndTest.Run r = run(args(args(new String[] {"train"}, small()), "--threads", Integer.toString(t),
                    "--dropout", "0.1", "--out", out.toString()));
            assertThat(r.code()).as(r.err()).isZero();
            metrics[t - 1] = Json.MAPPER.readTree(out.resolve("report.json").toFile()).get("metrics");
        }
        assertThat(metrics[1]).isEqualTo(metrics[0]);
    }

    @Test
    void impossibleConfigurationsAreOneLineUserErrors() {
        CommandsEndToEndTest.Run s = run("train", "--model", "inter-series", "--features", "S", "--out", dir.resolve("s").toString());
        assertThat(s.code()).isEqualTo(2);
        assertThat(s.err()).contains("model inter-series forecasts every series: needs features M, got S");
        CommandsEndToEndTest.Run dates = run("train", "--day-of-week", "sincos", "--out", dir.resolve("d").toString());
        assertThat(dates.code()).isEqualTo(2);
        assertThat(dates.err()).contains("need model: inter-series");
        CommandsEndToEndTest.Run calendar = run("train", "--model", "inter-series", "--features", "M", "--holidays",
                dir.resolve("none.csv").toString(), "--out", dir.resolve("c").toString());
        assertThat(calendar.code()).isEqualTo(2);
        assertThat(calendar.err()).contains("none.csv: calendar file not found");
        CommandsEndToEndTest.Run bench = run("bench", "--model", "inter-series", "--features", "M", "--no-torch");
        assertThat(bench.code()).isEqualTo(2);
        assertThat(bench.err()).contains("model inter-series is not offered");
        CommandsEndToEndTest.Run bad = run("train", "--model", "inter-series", "--features", "M", "--day-of-week", "daily",
                "--out", dir.resolve("b").toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("day-of-week").contains("off, sincos, onehot");
    }
}
