package org.intformer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.intformer.io.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.intformer.cli.CommandsEndToEndTest.args;
import static org.intformer.cli.CommandsEndToEndTest.run;

/** {@code intformer run} end to end on tiny synthetic models: report, stage reuse, resume, hardware. */
class RunCommandTest {
    static final String[] TINY = {"--synthetic-rows", "700", "--lookback", "16", "--horizon", "4", "--d-model", "8",
            "--ffn", "16", "--patch", "4", "--epochs", "1", "--qat-epochs", "1", "--batch", "64", "--quiet"};

    @TempDir
    Path dir;

    private CommandsEndToEndTest.Run runPipeline(Path out, String... more) {
        return run(args(args(new String[] {"run"}, TINY), args(more, "--out", out.toString())));
    }

    private static List<String> statuses(JsonNode report) {
        List<String> s = new ArrayList<>();
        report.get("stages").forEach(n -> s.add(n.get("name").asText() + ":" + n.get("status").asText()));
        return s;
    }

    @Test
    void integerOnlyPipelineReportsEveryVariantAndReusesUnchangedStages() throws IOException {
        Path out = dir.resolve("run");
        CommandsEndToEndTest.Run first = runPipeline(out, "--targets", "none", "--bit-widths", "8,4");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("int8").contains("int4").contains("report.html");
        JsonNode report = Json.MAPPER.readTree(out.resolve("report.json").toFile());
        assertThat(report.at("/command").asText()).isEqualTo("run");
        assertThat(report.at("/variants/0/name").asText()).isEqualTo("int8");
        assertThat(report.at("/variants/1/bits").asInt()).isEqualTo(4);
        assertThat(report.at("/variants/1/metrics/integer/test/mse").asDouble()).isPositive();
        assertThat(report.at("/variants/0/integer/agreement/identical_fraction").asDouble()).isGreaterThan(0.9);
        assertThat(report.at("/per_step/float")).hasSize(4);
        assertThat(report.at("/per_step/int4")).hasSize(4);
        assertThat(report.at("/per_step/naive/0").asDouble()).isPositive();
        assertThat(report.at("/forecasts/windows")).hasSize(4);
        assertThat(report.at("/forecasts/windows/0/history")).hasSize(16);
        assertThat(report.at("/forecasts/windows/0/predicted/int8")).hasSize(4);
        assertThat(statuses(report)).containsExactly("train:ran", "qat-8:ran", "qat-4:ran");
        assertThat(out.resolve(report.at("/variants/0/artifacts/integer_model").asText())).isRegularFile();
        String html = Files.readString(out.resolve("report.html"));
        assertThat(report.at("/plots").size()).isGreaterThanOrEqualTo(3);
        for (JsonNode plot : report.at("/plots")) {
            assertThat(out.resolve(plot.asText())).isRegularFile();
        }
        assertThat(html).contains("data:image/png;base64,").contains("int4");

        CommandsEndToEndTest.Run again = runPipeline(out, "--targets", "none", "--bit-widths", "8,4");
        assertThat(again.code()).as(again.err()).isZero();
        JsonNode second = Json.MAPPER.readTree(out.resolve("report.json").toFile());
        assertThat(statuses(second)).containsExactly("train:reused", "qat-8:reused", "qat-4:reused");
        assertThat(second.at("/variants")).isEqualTo(report.at("/variants"));
        assertThat(second.at("/per_step")).isEqualTo(report.at("/per_step"));

        // Changing only a QAT setting keeps the float model; a new bit width adds only its stage.
        runPipeline(out, "--targets", "none", "--bit-widths", "8,4,6", "--lsq-lr", "0.05");
        JsonNode third = Json.MAPPER.readTree(out.resolve("report.json").toFile());
        assertThat(statuses(third)).containsExactly("train:reused", "qat-8:ran", "qat-4:ran", "qat-6:ran");
    }

    @Test
    void aStageKilledBeforeItsMarkerIsRedoneAndTheRestReused() throws IOException {
        Path out = dir.resolve("run");
        assertThat(runPipeline(out, "--targets", "none", "--bit-widths", "8").code()).isZero();
        // A crash during qat-8 leaves its directory without a marker (the marker is the last file written).
        Files.delete(out.resolve("stages/qat-8/stage.json"));
        assertThat(runPipeline(out, "--targets", "none", "--bit-widths", "8").code()).isZero();
        JsonNode report = Json.MAPPER.readTree(out.resolve("report.json").toFile());
        assertThat(statuses(report)).containsExactly("train:reused", "qat-8:ran");
    }

    @Test
    void badPipelineSettingsAreUserErrors() throws IOException {
        assertThat(runPipeline(dir.resolve("a"), "--bit-widths", "12").code()).isEqualTo(2);
        assertThat(runPipeline(dir.resolve("b"), "--targets", "virtex").code()).isEqualTo(2);
        Path yaml = dir.resolve("run.yaml");
        Files.writeString(yaml, "d-model: 8\npipeline:\n  lanes: lots\n");
        CommandsEndToEndTest.Run r = run("run", yaml.toString(), "--out", dir.resolve("c").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("run.yaml:2: key 'pipeline.lanes'");
        Files.writeString(yaml, "pipeline: 3\n");
        assertThat(run("run", yaml.toString()).err()).contains("must be a mapping");
        assertThat(run("run", yaml.toString(), "--config", yaml.toString()).err()).contains("not both");
    }

    /**
     * The tiny model fits the XC7S15 but not the iCE40 UP5K (the cost model's one-lane design needs more logic cells
     * than auto lanes may use): the run still completes, exit 0, and says so for that device; {@code hw} asked for
     * that one design fails with exit 2 and the same reason.
     */
    @Test
    void aDeviceTheModelDoesNotFitIsReportedAndTheRunSucceeds() throws IOException {
        Path out = dir.resolve("run");
        CommandsEndToEndTest.Run r = runPipeline(out, "--bit-widths", "8", "--targets", "xc7s15,ice40up5k", "--windows", "0",
                "--no-synth");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode report = Json.MAPPER.readTree(out.resolve("report.json").toFile());
        JsonNode fitting = report.at("/variants/0/hardware/xc7s15");
        assertThat(fitting.at("/cycles").asLong()).isPositive();
        assertThat(fitting.has("misfit")).isFalse();
        JsonNode ice = report.at("/variants/0/hardware/ice40up5k");
        assertThat(ice.at("/fits").asBoolean(true)).as(ice.toString()).isFalse();
        assertThat(ice.at("/status").asText()).isEqualTo("does not fit");
        JsonNode over = ice.at("/misfit/over/0");
        assertThat(over.at("/resource").asText()).isIn("lc", "ebr", "dsp", "spram", "ff", "io");
        assertThat(over.at("/needed").asLong()).isGreaterThan(over.at("/allowed").asLong());
        assertThat(over.at("/available").asInt()).isEqualTo(ice.at("/limits/" + over.at("/resource").asText()).asInt());
        // the figures are the cost model's estimate of the one-lane design, and say so
        assertThat(ice.at("/misfit/lanes").asInt()).isEqualTo(1);
        assertThat(ice.at("/estimate/lanes").asInt()).isEqualTo(1);
        assertThat(ice.at("/estimate/resources/" + over.at("/resource").asText()).asLong()).isEqualTo(over.at("/needed").asLong());
        assertThat(ice.at("/misfit/source").asText()).contains("estimate");
        String reason = ice.at("/misfit/reason").asText();
        assertThat(reason).startsWith("even at 1 lane the cost model predicts " + over.at("/resource").asText() + " "
                + over.at("/needed").asLong() + " of " + over.at("/available").asInt());
        // nothing of that design was built, and nothing pretends it was
        assertThat(ice.at("/skipped/verilog").asText()).contains("does not fit ice40up5k");
        assertThat(ice.has("cycles")).isFalse();
        assertThat(ice.has("latency_us")).isFalse();
        assertThat(ice.at("/verification")).isEmpty();
        assertThat(out.resolve("stages/hw-8-ice40up5k/rtl")).doesNotExist();
        assertThat(r.out()).contains("int8 on ice40up5k: DOES NOT FIT (" + reason);
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("int8 does not fit ice40up5k: " + reason).contains("est. ");

        // the outcome is a stage result like any other: reused on rerun
        CommandsEndToEndTest.Run again = runPipeline(out, "--bit-widths", "8", "--targets", "xc7s15,ice40up5k", "--windows", "0",
                "--no-synth");
        assertThat(again.code()).as(again.err()).isZero();
        JsonNode second = Json.MAPPER.readTree(out.resolve("report.json").toFile());
        assertThat(statuses(second)).contains("hw-8-ice40up5k:reused");
        assertThat(second.at("/variants/0/hardware/ice40up5k")).isEqualTo(ice);

        // asked for explicitly, the same design is a user error with the same reason
        Path hw = dir.resolve("hw");
        CommandsEndToEndTest.Run explicit = run("hw", "--model", out.resolve(report.at("/variants/0/artifacts/integer_model").asText())
                .toString(), "--target", "ice40up5k", "--no-verify", "--out", hw.toString());
        assertThat(explicit.code()).isEqualTo(2);
        assertThat(explicit.err().strip()).isEqualTo("intformer: error: the model does not fit ice40up5k: " + reason);
        assertThat(hw.resolve("report.json")).doesNotExist();
    }

    @Test
    @Tag("slow")
    void hardwareStagesVerifyEveryDesignAgainstTheInterpreter() throws IOException {
        Path out = dir.resolve("run");
        CommandsEndToEndTest.Run r = runPipeline(out, "--bit-widths", "4", "--targets", "xc7s15", "--windows", "8",
                "--simulators", "icarus", "--no-synth");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode hw = Json.MAPPER.readTree(out.resolve("report.json").toFile()).at("/variants/0/hardware/xc7s15");
        assertThat(hw.at("/verification/0/simulator").asText()).isEqualTo("icarus");
        assertThat(hw.at("/verification/0/windows").asInt()).isEqualTo(8);
        assertThat(hw.at("/verification/0/mismatches").asLong()).isZero();
        assertThat(hw.at("/verification/0/cycles").asLong()).isEqualTo(hw.at("/cycles").asLong()).isPositive();
        assertThat(hw.at("/limits/lut").asInt()).isEqualTo(8000);
    }
}
