package org.intformer.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.intformer.UserError;

/**
 * What the fuzz tests accept besides success: the documented user error, a {@link UserError} with a message
 * (the CLI prints it as one line and exits 2). Any other exception or error escapes and is a finding.
 */
public final class UserErrors {
    private UserErrors() {
    }

    /** Runs {@code body}; a UserError must carry a message, anything else propagates. */
    public static void only(Runnable body) {
        try {
            body.run();
        } catch (UserError e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("a user error without a message", e);
            }
        }
    }

    /**
     * A scratch directory for the fuzz tests that must hand the code a file: in memory (/dev/shm) where there is
     * one, because writing a file to disk costs a millisecond here, 50 times the parse being fuzzed.
     */
    public static Path scratch(String prefix) {
        try {
            Path shm = Path.of("/dev/shm");
            Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, prefix)
                    : Files.createTempDirectory(prefix);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code bytes} to {@code file}, replacing it. */
    public static Path write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
