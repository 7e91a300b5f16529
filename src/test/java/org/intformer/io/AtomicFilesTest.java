package org.intformer.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.intformer.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void writesCreatesParentsAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("a/b/report.json");
        AtomicFiles.write(target, new byte[] {1, 2, 3});
        assertThat(Files.readAllBytes(target)).containsExactly(1, 2, 3);
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files.toList()).containsExactly(target);
        }
    }

    @Test
    void replacesAnExistingFile() throws IOException {
        Path target = dir.resolve("model.bin");
        Files.writeString(target, "old content that is longer than the new one");
        AtomicFiles.writeString(target, "new");
        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(listing()).containsExactly(target);
    }

    @Test
    void failingWriterKeepsTheOldFileAndRemovesTheTemporaryOne() throws IOException {
        Path target = dir.resolve("model.bin");
        Files.writeString(target, "old");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write("partial".getBytes());
            throw new IOException("disk full");
        })).isInstanceOf(UserError.class).hasMessage("cannot write " + target + ": disk full");
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(listing()).containsExactly(target);

        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            throw new IllegalStateException("bug");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(listing()).containsExactly(target);
    }

    @Test
    void aDirectoryInTheWayIsAUserError() throws IOException {
        Files.createDirectory(dir.resolve("taken"));
        assertThatThrownBy(() -> AtomicFiles.writeString(dir.resolve("taken"), "x"))
                .isInstanceOf(UserError.class).hasMessageStartingWith("cannot write ");
    }

    @Test
    void aFileWhereADirectoryShouldBeIsNamedInTheError() throws IOException {
        Files.writeString(dir.resolve("plain"), "x");
        // the file system's reason, once, not the exception's "path: reason" after the path already given
        Path target = dir.resolve("plain/sub/report.json");
        assertThatThrownBy(() -> AtomicFiles.writeString(target, "{}"))
                .isInstanceOf(UserError.class).hasMessage("cannot write " + target + ": Not a directory");
    }

    @Test
    void jsonIsPrettyOrderedAndKeepsFullDoublePrecision() throws IOException {
        Path target = dir.resolve("report.json");
        Map<String, Object> value = new java.util.LinkedHashMap<>();
        value.put("zeta", 0.1 + 0.2);
        value.put("alpha", 1e-9);
        value.put("empty", new Object());
        Json.writeAtomically(target, value);
        String text = Files.readString(target);
        assertThat(text).isEqualTo("{\n  \"zeta\" : 0.30000000000000004,\n  \"alpha\" : 1.0E-9,\n  \"empty\" : { }\n}\n");
        assertThat(Json.MAPPER.readTree(text).get("zeta").doubleValue()).isEqualTo(0.1 + 0.2);
    }
}
