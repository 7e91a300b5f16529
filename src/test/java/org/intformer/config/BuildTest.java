package org.intformer.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.intformer.io.Fingerprints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class BuildTest {
    @TempDir
    Path dir;

    /** The tests run from a classes directory: its copy has the same hash, and one changed byte of one class another. */
    @Test
    void theCodeHashIsTheFingerprintOfTheClassesThatRun() throws Exception {
        Path classes = Path.of(Build.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(classes).isDirectory();
        Path copy = dir.resolve("classes");
        try (Stream<Path> walk = Files.walk(classes)) {
            for (Path p : walk.toList()) {
                Path to = copy.resolve(classes.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        assertThat(Build.codeHash()).hasSize(64).isEqualTo(Build.codeHash(copy));
        Path clazz = copy.resolve("org/intformer/config/Build.class");
        byte[] bytes = Files.readAllBytes(clazz);
        bytes[bytes.length - 1] ^= 1;
        Files.write(clazz, bytes);
        assertThat(Build.codeHash(copy)).isNotEqualTo(Build.codeHash());
        // from a jar: the jar's bytes
        Path jar = Files.write(dir.resolve("intformer.jar"), new byte[] {'P', 'K', 3, 4});
        assertThat(Build.codeHash(jar)).isEqualTo(Fingerprints.sha256(new byte[] {'P', 'K', 3, 4}));
    }
}
