package org.intformer.config;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import org.intformer.io.Fingerprints;

/**
 * Facts about this build of intformer. The version must equal {@code <version>} in pom.xml; a test checks
 * it, because the shaded jar carries no manifest version to read at run time.
 */
public final class Build {
    public static final String VERSION = "0.1.0";

    private Build() {
    }

    /**
     * The SHA-256 of the code that is running: of the jar when intformer runs from one, else of every file under
     * the classes directory. Part of every cache key, so that results made by other code are never reused (the
     * version alone does not change between builds). Computed once per process.
     */
    public static String codeHash() {
        return CodeHash.VALUE;
    }

    /** The fingerprint of a code location: a jar's bytes, or a classes directory's tree. */
    static String codeHash(Path location) {
        return Files.isDirectory(location) ? Fingerprints.tree(location) : Fingerprints.file(location);
    }

    private static final class CodeHash {
        static final String VALUE = codeHash(location());

        private static Path location() {
            CodeSource source = Build.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                throw new IllegalStateException("cannot tell where intformer's classes were loaded from, so cached results "
                        + "cannot be tied to the code");
            }
            try {
                return Path.of(source.getLocation().toURI());
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new IllegalStateException("intformer's classes come from " + source.getLocation()
                        + ", not a file or directory", e);
            }
        }
    }
}
