package org.intformer.hw.synth;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Test designs and captured tool output under src/test/resources/org/intformer/hw/synth/. */
final class SynthTestFiles {
    static final List<String> SMALL_SOURCES = List.of("intformer_top.v", "weight_rom.v");
    static final List<String> SMALL_FILES = List.of("intformer_top.v", "weight_rom.v", "weights.mem");
    static final List<String> BIG_SOURCES = List.of("intformer_top.v");

    private SynthTestFiles() {
    }

    /** A captured file's text. */
    static String captured(String name) {
        return resource("captured/" + name);
    }

    static String resource(String name) {
        try (InputStream in = SynthTestFiles.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies test design {@code name} ("small", "big") into {@code dir}; returns dir. */
    static Path design(String name, Path dir) throws IOException {
        List<String> files = name.equals("small") ? SMALL_FILES : BIG_SOURCES;
        for (String f : files) {
            Files.writeString(dir.resolve(f), resource("designs/" + name + "/" + f));
        }
        return dir;
    }
}
