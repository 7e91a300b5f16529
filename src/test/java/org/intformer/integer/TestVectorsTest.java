package org.intformer.integer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.intformer.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestVectorsTest {

    @TempDir
    Path dir;

    @Test
    void hexIsTwosComplementAtTheTensorsWidth() {
        assertThat(TestVectors.hex(new int[] {-1, 0, 255, -256}, 9)).isEqualTo("1ff\n000\n0ff\n100\n");
        assertThat(TestVectors.hex(new int[] {-128, 127}, 8)).isEqualTo("80\n7f\n");
        assertThat(TestVectors.hex(new int[] {65535, 0}, 16)).isEqualTo("ffff\n0000\n");
        assertThat(TestVectors.hex(new int[] {-2, 1}, 2)).isEqualTo("2\n1\n");
    }

    @Test
    void dumpsEveryTensorWithAManifest() throws Exception {
        IntModel model = TestModels.encoder(8, "gap");
        int[] window = TestModels.window(new Random(3));
        Interpreter.Result result = TestVectors.dump(model, window, dir.resolve("vectors"));
        JsonNode manifest = Json.MAPPER.readTree(dir.resolve("vectors").resolve(TestVectors.MANIFEST).toFile());
        assertThat(manifest.get("input").textValue()).isEqualTo("x");
        assertThat(manifest.get("output").textValue()).isEqualTo("y");
        assertThat(manifest.get("tensors")).hasSize(model.tensors().size());
        assertThat(manifest.get("saturations").size()).isEqualTo(model.ops().size());
        for (JsonNode entry : manifest.get("tensors")) {
            TensorSpec spec = model.tensor(entry.get("name").textValue());
            assertThat(entry.get("bits").intValue()).isEqualTo(spec.bits());
            List<String> lines = Files.readAllLines(dir.resolve("vectors").resolve(entry.get("file").textValue()));
            int[] expected = result.tensors().get(spec.name());
            assertThat(lines).hasSize(expected.length);
            for (int i = 0; i < expected.length; i++) {
                assertThat(lines.get(i)).hasSize((spec.bits() + 3) / 4);
                long raw = Long.parseLong(lines.get(i), 16);
                long value = spec.signed() && raw >= 1L << (spec.bits() - 1) ? raw - (1L << spec.bits()) : raw;
                assertThat(value).isEqualTo(expected[i]);
            }
        }
        assertThat(manifest.get("tensors").get(0).get("file").textValue()).isEqualTo("00_x.hex");
        assertThat(manifest.get("tensors").get(1).get("file").textValue()).isEqualTo("01_x_rel.hex");
        assertThat(manifest.get("tensors").get(2).get("index").intValue()).isEqualTo(2);
        assertThat(manifest.get("tensors").get(0).get("producer").isNull()).isTrue();
        assertThat(manifest.get("tensors").get(1).get("producer").textValue()).isEqualTo("relative");
    }
}
