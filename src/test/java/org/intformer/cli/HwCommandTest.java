package org.intformer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.intformer.hw.Simulation;
import org.intformer.io.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** qat → hw --verify on the synthetic data: the generated accelerator agrees with the interpreter. */
@Tag("slow")
class HwCommandTest {
    @TempDir
    Path dir;

    @Test
    void generatedAcceleratorMatchesTheInterpreter() throws IOException {
        assumeTrue(Simulation.available(Simulation.Simulator.ICARUS), "iverilog not installed");
        Path q = dir.resolve("q");
        var qat = CommandsEndToEndTest.run("qat", "--synthetic-rows", "900", "--lookback", "24", "--horizon", "4", "--d-model", "8",
                "--ffn", "16", "--patch", "4", "--epochs", "1", "--qat-epochs", "1", "--batch", "64", "--bits", "6", "--quiet",
                "--out", q.toString());
        assertThat(qat.code()).as(qat.err()).isZero();
        Path hw = dir.resolve("hw");
        var r = CommandsEndToEndTest.run("hw", "--model", q.resolve("model.iqm").toString(), "--simulators", "icarus",
                "--windows", "20", "--lanes", "4", "--out", hw.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode report = Json.MAPPER.readTree(hw.resolve("report.json").toFile());
        assertThat(report.at("/verification/0/mismatches").asLong()).isZero();
        assertThat(report.at("/verification/0/windows").asInt()).isEqualTo(20);
        assertThat(report.at("/verification/0/cycles").asLong()).isEqualTo(report.at("/hardware/cycles").asLong());
        assertThat(report.at("/hardware/lanes").asInt()).isEqualTo(4);
        assertThat(report.at("/hardware/macs").asLong()).isPositive();

        // --no-verify generates and costs the design without simulating it (picocli once ignored it).
        Path quick = dir.resolve("quick");
        var noVerify = CommandsEndToEndTest.run("hw", "--model", q.resolve("model.iqm").toString(), "--no-verify",
                "--lanes", "4", "--out", quick.toString());
        assertThat(noVerify.code()).as(noVerify.err()).isZero();
        JsonNode unverified = Json.MAPPER.readTree(quick.resolve("report.json").toFile());
        assertThat(unverified.at("/verification")).isEmpty();
        assertThat(unverified.at("/hardware/cycles").asLong()).isEqualTo(report.at("/hardware/cycles").asLong());

        var bad = CommandsEndToEndTest.run("hw", "--model", q.resolve("model.iqm").toString(), "--target", "virtex",
                "--out", hw.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("virtex");
    }
}
