package org.intformer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.intformer.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench says what it ran on and times the QAT step beside the float step (the figures themselves are not checked). */
class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsTheMachineAndTheQatStepRatio() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path json = dir.resolve("bench.json");
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "bench", "--synthetic-rows", "300", "--lookback", "16",
                "--horizon", "4", "--d-model", "8", "--ffn", "16", "--batch", "32", "--steps", "2", "--warmup", "1", "--warmup-seconds", "0",
                "--threads-list", "1", "--no-torch", "--out", json.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("machine: ").contains(" cores, vector extensions ").contains("kernels ")
                .contains("intformer-qat").contains("the float step)");
        JsonNode r = Json.MAPPER.readTree(json.toFile());
        assertThat(r.at("/machine/cpu").asText()).isNotBlank();
        assertThat(r.at("/machine/cores").asInt()).isPositive();
        assertThat(r.at("/results/1/tool").asText()).isEqualTo("intformer-qat");
        assertThat(r.at("/results/1/qat_over_float").asDouble()).isPositive();
        assertThat(r.at("/results/1/speedup_vs_torch_1_thread").isMissingNode()).isTrue();
    }
}
