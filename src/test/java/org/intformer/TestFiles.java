package org.intformer;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Where tests find the real dataset: $INTFORMER_ETTH1, else ../shared/datasets/ETTh1.csv from the project root. */
public final class TestFiles {
    private TestFiles() {
    }

    /** The ETTh1 file; the calling test is skipped (not failed) when it is absent. */
    public static Path etth1() {
        String env = System.getenv("INTFORMER_ETTH1");
        Path file = env != null && !env.isBlank() ? Path.of(env) : Path.of("..", "shared", "datasets", "ETTh1.csv");
        assumeTrue(Files.isRegularFile(file), "ETTh1.csv not found at " + file.toAbsolutePath());
        return file;
    }
}
