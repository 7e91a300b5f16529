package org.intformer.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.intformer.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FingerprintsTest {
    @TempDir
    Path dir;

    /** FIPS 180-2's test vectors. */
    @Test
    void sha256OfKnownMessages() throws Exception {
        assertThat(Fingerprints.sha256("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        Path f = dir.resolve("f");
        // longer than the read buffer, so the streamed hash covers several reads
        Files.write(f, "a".repeat(1_000_000).getBytes(StandardCharsets.US_ASCII));
        assertThat(Fingerprints.file(f)).isEqualTo("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    }

    @Test
    void aMissingFileIsAUserErrorNamingIt() {
        Path missing = dir.resolve("nope.csv");
        assertThatThrownBy(() -> Fingerprints.file(missing)).isInstanceOf(UserError.class)
                .hasMessage(missing + ": no such file");
    }

    @Test
    void aTreeHashChangesWithAnyByteANameOrAnAddedFileButNotWithTheWalkOrder() throws Exception {
        Path a = dir.resolve("a");
        Files.createDirectories(a.resolve("org/x"));
        Files.write(a.resolve("org/x/A.class"), new byte[] {1, 2, 3});
        Files.write(a.resolve("org/B.class"), new byte[] {4, 5});
        String base = Fingerprints.tree(a);
        assertThat(base).hasSize(64).isEqualTo(Fingerprints.tree(a));

        Files.write(a.resolve("org/x/A.class"), new byte[] {1, 2, 4});
        String changedByte = Fingerprints.tree(a);
        assertThat(changedByte).isNotEqualTo(base);
        Files.write(a.resolve("org/x/A.class"), new byte[] {1, 2, 3});
        assertThat(Fingerprints.tree(a)).isEqualTo(base);

        Files.move(a.resolve("org/B.class"), a.resolve("org/C.class"));
        assertThat(Fingerprints.tree(a)).as("renamed").isNotEqualTo(base);
        Files.move(a.resolve("org/C.class"), a.resolve("org/B.class"));

        Files.write(a.resolve("org/D.class"), new byte[0]);
        assertThat(Fingerprints.tree(a)).as("an empty file added").isNotEqualTo(base);
        Files.delete(a.resolve("org/D.class"));

        // the same bytes split differently between two files is another tree
        Files.write(a.resolve("org/x/A.class"), new byte[] {1, 2});
        Files.write(a.resolve("org/B.class"), new byte[] {3, 4, 5});
        assertThat(Fingerprints.tree(a)).as("bytes moved between files").isNotEqualTo(base);
    }
}
