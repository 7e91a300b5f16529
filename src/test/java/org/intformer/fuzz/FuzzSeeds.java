package org.intformer.fuzz;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.intformer.app.TrainJob;
import org.intformer.config.ConfigSchema;
import org.intformer.config.Origin;
import org.intformer.config.TrainConfig;
import org.intformer.integer.IntModelFile;
import org.intformer.train.TrainingListener;

/**
 * Writes the committed seed corpora of the fuzz tests (src/test/resources/.../*FuzzTestInputs/): small valid
 * inputs of each format plus a few near misses, so that fuzzing starts deep in the parsers. A main, not a test:
 * {@code java -cp target/classes:target/test-classes:... org.intformer.fuzz.FuzzSeeds [RESOURCES_DIR]}. The integer
 * model seeds are .iqm files of the fuzz test's own seed models, see {@link #iqm}.
 */
public final class FuzzSeeds {
    private FuzzSeeds() {
    }

    public static void main(String[] args) throws IOException {
        Path resources = Path.of(args.length > 0 ? args[0] : "src/test/resources");
        Path csv = dir(resources, "org/intformer/data/CsvReaderFuzzTestInputs/anyFileIsASeriesOrAUserError");
        write(csv, "hourly.csv", hourly(40, false));
        write(csv, "two-columns-iso.csv", hourly(12, true));
        write(csv, "quoted-bom-crlf.csv", "\uFEFF\"date\",\"a,b\",OT\r\n\"2020-01-01\",\"1.5\",2e-3\r\n\"2020-01-02\",-0,3\r\n");
        write(csv, "nan-cell.csv", "date,OT\n2020-01-01 00:00:00,1\n2020-01-01 01:00:00,NaN\n");
        write(csv, "ragged.csv", "date,a,OT\n2020-01-01 00:00:00,1\n2020-01-01 01:00:00,1,2,3\n");
        write(csv, "numeric-time.csv", "date,OT\n1,0.5\n2,0.25\n3,0.125\n4,1\n5,2\n6,3\n7,4\n8,5\n9,6\n10,7\n");

        Path config = dir(resources, "org/intformer/config/ConfigFuzzTestInputs/anyFileIsAConfigOrAUserError");
        for (String example : new String[] {"etth1-explore.yaml", "etth1-s96-h24.yaml", "etth1-ms-paper.yaml", "etth1-ms12-h1.yaml"}) {
            Files.copy(Path.of("examples", example), config.resolve(example), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        write(config, "small-sections.yaml", """
                synthetic-rows: 300
                lookback: 16
                horizon: 4
                d-model: 8
                patch: 4
                bits: 6
                pipeline:
                  bit-widths: [8, 4]
                  targets: [xc7s15]
                  lanes: auto
                  windows: 10
                  simulators: [verilator, icarus]
                  synth: false
                explore:
                  search: random
                  samples: 5
                  halving: true
                  eta: 3
                  space:
                    patch: [2, 4, 8]
                    d-model: [8, 16]
                    lanes: [auto, 4]
                """);
        write(config, "flow-style.yaml", "{lookback: 24, horizon: 6, lr: 1e-3, data: '${HOME:-x}/a.csv', split: '0.7,0.1,0.2'}\n");
        write(config, "layer-bits.yaml", "bits: 4\nlayer-bits: embed=8,layers.*.attn.*=6,linear=8\ndistill: 0.5\nlinear-path: false\n");
        write(config, "layer-bits-bad.yaml", "layer-bits: \"embed=9,=4,layers.0.ffn1\"\ndistill: 1.5\n");

        Path iqm = dir(resources, "org/intformer/integer/IntModelFileFuzzTestInputs/anyBytesAreAModelOrAUserError");
        for (Map.Entry<String, byte[]> e : iqm().entrySet()) {
            Files.write(iqm.resolve(e.getKey() + "-raw"), raw(e.getValue()));
            Files.write(iqm.resolve(e.getKey() + "-framed"), framed(e.getValue()));
        }

        Path ifm = dir(resources, "org/intformer/app/FloatModelFileFuzzTestInputs/anyBytesAreAForecasterOrAUserError");
        byte[] model = tinyFloatModel(false);
        Files.write(ifm.resolve("tiny-raw"), raw(model));
        Files.write(ifm.resolve("tiny-framed"), framed(model));
        byte[] withPath = tinyFloatModel(true);
        Files.write(ifm.resolve("tiny-linear-path-raw"), raw(withPath));
        Files.write(ifm.resolve("tiny-linear-path-framed"), framed(withPath));

        Path validator = dir(resources, "org/intformer/integer/ModelValidatorFuzzTestInputs/editedModelsAreRejectedOrRun");
        java.util.SplittableRandom random = new java.util.SplittableRandom(9);
        for (int i = 0; i < 6; i++) {
            byte[] b = new byte[16 + 24 * i];
            random.nextBytes(b);
            Files.write(validator.resolve("random-" + i), b);
        }
    }

    /** The .iqm encodings of the validator fuzz test's seed models (in the integer test package). */
    static Map<String, byte[]> iqm() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        org.intformer.integer.FuzzSeedModels.all().forEach((name, model) -> m.put(name, IntModelFile.encode(model)));
        return m;
    }

    private static byte[] tinyFloatModel(boolean linearPath) throws IOException {
        TrainConfig config = ConfigSchema.overlay(TrainConfig.defaults(), Map.of("synthetic-rows", 200, "lookback", 8,
                "horizon", 2, "d-model", 4, "ffn", 8, "patch", 4, "epochs", 1, "batch", 32, "linear-path", linearPath,
                "head", linearPath ? "last" : "flatten"), Origin.commandLine()).validate();
        Path out = Files.createTempDirectory("seed");
        TrainJob.run(config, out, TrainingListener.NONE);
        return Files.readAllBytes(out.resolve(TrainJob.MODEL_FILE));
    }

    /** Mode byte 0: the file as it is. */
    static byte[] raw(byte[] file) {
        byte[] b = new byte[file.length + 1];
        System.arraycopy(file, 0, b, 1, file.length);
        return b;
    }

    /** Mode byte 1, header length (2 bytes LE), header, payload: the fuzz tests frame it with magic and CRC. */
    static byte[] framed(byte[] file) {
        int header = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
        byte[] h = Arrays.copyOfRange(file, 12, 12 + header);
        byte[] payload = Arrays.copyOfRange(file, 12 + header, file.length - 4);
        if (header > 0xffff) {
            throw new IllegalArgumentException("header of " + header + " bytes does not fit the 2-byte length");
        }
        ByteBuffer b = ByteBuffer.allocate(3 + h.length + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 1).putShort((short) header).put(h).put(payload);
        return b.array();
    }

    private static String hourly(int rows, boolean iso) {
        StringBuilder s = new StringBuilder("date,a,OT\n");
        for (int i = 0; i < rows; i++) {
            String t = String.format(Locale.ROOT, "2020-01-%02d%s%02d:00:00", 1 + i / 24, iso ? "T" : " ", i % 24);
            s.append(t).append(',').append(String.format(Locale.ROOT, "%.3f,%.2f", Math.sin(i / 3.0), 10 + Math.cos(i / 5.0))).append('\n');
        }
        return s.toString();
    }

    private static Path dir(Path resources, String relative) throws IOException {
        return Files.createDirectories(resources.resolve(relative));
    }

    private static void write(Path dir, String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }
}
