package org.intformer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.intformer.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** train → eval → predict on the built-in synthetic data, through the command line as a user runs it. */
public class CommandsEndToEndTest {
    static final String[] SMALL = {"--synthetic-rows", "900", "--lookback", "24", "--horizon", "6", "--d-model", "8",
            "--ffn", "16", "--patch", "4", "--epochs", "2", "--batch", "64", "--quiet"};

    @TempDir
    Path dir;

    public record Run(int code, String out, String err) {
    }

    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    static String[] args(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void trainWritesReportAndModelThatEvalAndPredictReadBack() throws IOException {
        Path out = dir.resolve("run");
        Run train = run(args(args(new String[] {"train"}, SMALL), "--out", out.toString()));
        assertThat(train.code()).as(train.err()).isZero();
        JsonNode report = Json.MAPPER.readTree(out.resolve("report.json").toFile());
        for (String name : List.of("naive", "linear", "float")) {
            for (String split : List.of("val", "test")) {
                for (String m : List.of("mse", "mae", "rmse")) {
                    assertThat(report.at("/metrics/" + name + "/" + split + "/" + m).isNumber()).as(name + split + m).isTrue();
                }
            }
        }
        assertThat(report.at("/metrics/float/test/rmse_original").asDouble()).isPositive();
        assertThat(report.at("/model/params").asLong()).isPositive();
        assertThat(report.at("/training/epochs").asInt()).isBetween(1, 2);
        assertThat(report.at("/training/seconds").isNumber()).isTrue();
        assertThat(report.at("/training/ms_per_step").asDouble()).isPositive();
        assertThat(report.at("/config/d-model").asInt()).isEqualTo(8);
        assertThat(report.at("/seed").asLong()).isEqualTo(1);
        Path model = out.resolve(report.at("/artifacts/model").asText());
        assertThat(model).isRegularFile();

        Path evalJson = dir.resolve("eval.json");
        Run eval = run("eval", "--model", model.toString(), "--out", evalJson.toString());
        assertThat(eval.code()).as(eval.err()).isZero();
        JsonNode evalReport = Json.MAPPER.readTree(evalJson.toFile());
        assertThat(evalReport.at("/metrics/float")).isEqualTo(report.at("/metrics/float"));
        assertThat(evalReport.at("/metrics/linear")).isEqualTo(report.at("/metrics/linear"));

        Path csv = dir.resolve("forecast.csv");
        Run predict = run("predict", "--model", model.toString(), "--out", csv.toString());
        assertThat(predict.code()).as(predict.err()).isZero();
        List<String> lines = Files.readAllLines(csv);
        int windows = report.at("/data/windows/test").asInt();
        assertThat(lines).hasSize(1 + windows * 6);
        assertThat(lines.get(0)).isEqualTo("window,origin,step,time,OT_forecast,OT_actual");

        Run future = run("predict", "--model", model.toString(), "--out", csv.toString(), "--windows", "future");
        assertThat(future.code()).as(future.err()).isZero();
        assertThat(Files.readAllLines(csv)).hasSize(1 + 6);
    }

    @Test
    void sameSeedGivesIdenticalMetricsWithOneOrTwoThreads() throws IOException {
        JsonNode one = trainMetrics("1");
        JsonNode two = trainMetrics("2");
        assertThat(two).isEqualTo(one);
    }

    private JsonNode trainMetrics(String threads) throws IOException {
        Path out = dir.resolve("t" + threads);
        Run r = run(args(args(new String[] {"train"}, SMALL), "--threads", threads, "--dropout", "0.1", "--out", out.toString()));
        assertThat(r.code()).as(r.err()).isZero();
        return Json.MAPPER.readTree(out.resolve("report.json").toFile()).get("metrics");
    }
}
