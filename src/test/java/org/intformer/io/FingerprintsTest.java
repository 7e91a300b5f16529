package org.intformer.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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

    /**
     * Pairs of trees whose file bytes run together into the same stream if the tree hash left out one of its
     * separators: the name's end, the size, or the size's end. Each must still hash apart.
     */
    @Test
    void fileBoundariesCannotBeShiftedBetweenNamesSizesAndContents() throws Exception {
        byte[] nul = {0};
        assertDiffer(Map.of("a1", "XY", "b", "1234567"), Map.of("a", "XYb7" + new String(nul) + "1234567"));
        assertDiffer(Map.of("a", "P", "b", "Q"), Map.of("a", "Pb" + new String(nul) + new String(nul) + "Q"));
        assertDiffer(Map.of("a", "2", "b", "123456789"), Map.of("a", "b" + new String(nul) + "9123456789"));
    }

    private void assertDiffer(Map<String, String> first, Map<String, String> second) throws Exception {
        assertThat(Fingerprints.tree(tree("one", first))).isNotEqualTo(Fingerprints.tree(tree("two", second)));
    }

    private Path tree(String name, Map<String, String> files) throws Exception {
        Path root = Files.createDirectories(dir.resolve(name + System.nanoTime()));
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.write(root.resolve(f.getKey()), f.getValue().getBytes(StandardCharsets.ISO_8859_1));
        }
        return root;
    }
}
