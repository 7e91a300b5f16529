package org.intformer;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Where tests find the real datasets: $INTFORMER_ETTH1, else ../shared/datasets/ETTh1.csv from the project root;
 * $INTFORMER_CHICAGO, else ../shared/datasets/chicago-ridership.csv.
 */
public final class TestFiles {
    private TestFiles() {
    }

    /** The ETTh1 file; the calling test is skipped (not failed) when it is absent. */
    public static Path etth1() {
        return dataset("INTFORMER_ETTH1", "ETTh1.csv");
    }

    /** The Chicago ridership file; the calling test is skipped (not failed) when it is absent. */
    public static Path chicago() {
        return dataset("INTFORMER_CHICAGO", "chicago-ridership.csv");
    }

    private static Path dataset(String variable, String name) {
        String env = System.getenv(variable);
        Path file = env != null && !env.isBlank() ? Path.of(env) : Path.of("..", "shared", "datasets", name);
        assumeTrue(Files.isRegularFile(file), name + " not found at " + file.toAbsolutePath());
        return file;
    }
}
