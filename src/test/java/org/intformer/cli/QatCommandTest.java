package org.intformer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.intformer.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** qat → export → eval through the command line, on the synthetic data. */
class QatCommandTest {
    @TempDir
    Path dir;

    private static final String[] SMALL = {"--synthetic-rows", "900", "--lookback", "24", "--horizon", "6", "--d-model", "8",
            "--ffn", "16", "--patch", "4", "--epochs", "2", "--qat-epochs", "2", "--batch", "64", "--quiet"};

    @Test
    void qatWritesIntegerModelThatExportAndEvalReproduce() throws IOException {
        Path out = dir.resolve("q");
        var r = CommandsEndToEndTest.run(CommandsEndToEndTest.args(CommandsEndToEndTest.args(new String[] {"qat"}, SMALL),
                "--bits", "6", "--out", out.toString()));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("identical");
        JsonNode report = Json.MAPPER.readTree(out.resolve("report.json").toFile());
        for (String name : List.of("naive", "linear", "float", "qat", "integer")) {
            for (String split : List.of("val", "test")) {
                assertThat(report.at("/metrics/" + name + "/" + split + "/mse").isNumber()).as(name + " " + split).isTrue();
            }
        }
        assertThat(report.at("/quant/bits").asInt()).isEqualTo(6);
        assertThat(report.at("/quant/observer").asText()).isEqualTo("lsq");
        assertThat(report.at("/integer/ops").asInt()).isGreaterThan(10);
        assertThat(report.at("/integer/weight_bits_total").asLong()).isPositive();
        assertThat(report.at("/integer/max_accumulator_bits").asInt()).isBetween(8, 31);
        assertThat(report.at("/integer/saturations/total").isNumber()).isTrue();
        assertThat(report.at("/integer/agreement/identical_fraction").asDouble()).isGreaterThanOrEqualTo(0.999);
        assertThat(report.at("/integer/agreement/max_abs_lsb").asLong()).isLessThanOrEqualTo(1);
        Path qat = out.resolve(report.at("/artifacts/qat_model").asText());
        Path integer = out.resolve(report.at("/artifacts/integer_model").asText());
        assertThat(out.resolve(report.at("/artifacts/model").asText())).isRegularFile();

        Path exported = dir.resolve("again.iqm");
        var export = CommandsEndToEndTest.run("export", "--model", qat.toString(), "--out", exported.toString(),
                "--vectors", dir.resolve("vectors").toString());
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(Files.readAllBytes(exported)).isEqualTo(Files.readAllBytes(integer));
        assertThat(dir.resolve("vectors").resolve("manifest.json")).isRegularFile();

        Path evalJson = dir.resolve("eval.json");
        var eval = CommandsEndToEndTest.run("eval", "--model", integer.toString(), "--out", evalJson.toString());
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(Json.MAPPER.readTree(evalJson.toFile()).at("/metrics/integer")).isEqualTo(report.at("/metrics/integer"));
    }

    @Test
    void fineTunesASavedFloatModel() throws IOException {
        Path trained = dir.resolve("t");
        var train = CommandsEndToEndTest.run(CommandsEndToEndTest.args(CommandsEndToEndTest.args(new String[] {"train"}, SMALL),
                "--out", trained.toString()));
        assertThat(train.code()).as(train.err()).isZero();
        Path out = dir.resolve("q");
        var r = CommandsEndToEndTest.run("qat", "--from", trained.resolve("model.ifm").toString(), "--bits", "4",
                "--qat-epochs", "1", "--quiet", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode report = Json.MAPPER.readTree(out.resolve("report.json").toFile());
        JsonNode trainReport = Json.MAPPER.readTree(trained.resolve("report.json").toFile());
        assertThat(report.at("/metrics/float")).isEqualTo(trainReport.at("/metrics/float"));
        assertThat(report.at("/config/d-model").asInt()).isEqualTo(8);
        assertThat(report.at("/quant/weight_bits").asInt()).isEqualTo(4);
        assertThat(report.at("/artifacts/model").isMissingNode()).isTrue();
    }

    @Test
    void userErrors() throws IOException {
        var bits = CommandsEndToEndTest.run("qat", "--bits", "9", "--quiet", "--out", dir.toString());
        assertThat(bits.code()).isEqualTo(2);
        assertThat(bits.err()).contains("bits = 9");
        var layerNorm = CommandsEndToEndTest.run(CommandsEndToEndTest.args(CommandsEndToEndTest.args(new String[] {"qat"}, SMALL),
                "--norm", "layer", "--out", dir.resolve("ln").toString()));
        assertThat(layerNorm.code()).isEqualTo(2);
        assertThat(layerNorm.err()).contains("norm batch").doesNotContain("\tat ");
        Path floatModel = dir.resolve("t");
        CommandsEndToEndTest.run(CommandsEndToEndTest.args(CommandsEndToEndTest.args(new String[] {"train"}, SMALL),
                "--out", floatModel.toString()));
        var export = CommandsEndToEndTest.run("export", "--model", floatModel.resolve("model.ifm").toString(), "--out",
                dir.resolve("x.iqm").toString());
        assertThat(export.code()).isEqualTo(2);
        assertThat(export.err()).contains("QAT model");
        Path broken = dir.resolve("broken.iqm");
        Files.write(broken, new byte[] {(byte) 0x89, 'I', 'N', 'T', 'Q', 'N', 'T', '\n', 1, 2});
        var eval = CommandsEndToEndTest.run("eval", "--model", broken.toString());
        assertThat(eval.code()).isEqualTo(2);
        assertThat(eval.err()).contains("broken.iqm").doesNotContain("\tat ");
    }
}
