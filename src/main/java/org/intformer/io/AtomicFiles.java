package org.intformer.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import org.intformer.UserError;

/**
 * Writes files so that readers only ever see the old content or the complete new content: the bytes go to a
 * temporary file in the target's directory (same file system, so the rename is atomic), are forced to disk,
 * and the temporary file is then renamed over the target. A crash leaves at most a stray
 * {@code .NAME.*.tmp} file, never a half-written {@code NAME}.
 */
public final class AtomicFiles {

    /** Produces the content of a file; may throw IOException like any stream writer. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    public static void write(Path target, byte[] bytes) {
        write(target, out -> out.write(bytes));
    }

    public static void writeString(Path target, String text) {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Creates missing parent directories, writes {@code content} to a temporary file, forces it to disk and
     * renames it over {@code target}. On any failure the temporary file is deleted and the target is
     * untouched.
     *
     * @throws UserError if the file system refuses (permissions, disk full, a directory in the way); other
     *                   exceptions from {@code content} propagate unchanged
     */
    public static void write(Path target, Content content) {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Path temp = null;
        try {
            Files.createDirectories(directory);
            temp = createTemp(directory, absolute.getFileName().toString());
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
            syncDirectory(directory);
        } catch (AccessDeniedException e) {
            throw new UserError("cannot write " + target + ": permission denied");
        } catch (IOException e) {
            throw new UserError("cannot write " + target + ": " + describe(e));
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // The write already failed; that error is the one worth reporting.
                }
            }
        }
    }

    /**
     * A new empty file next to the target. Not {@link Files#createTempFile}: that creates mode 0600 files,
     * and the final file should get the usual permissions like any other file the user creates.
     */
    private static Path createTemp(Path directory, String name) throws IOException {
        while (true) {
            Path temp = directory.resolve("." + name + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            try {
                return Files.createFile(temp);
            } catch (FileAlreadyExistsException collision) {
                // Another writer picked the same random name; try another.
            }
        }
    }

    /** Makes the rename itself durable on POSIX systems; not possible (and not needed) everywhere. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Windows cannot open directories; the data itself is already on disk.
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            message = fse.getReason();
        }
        return message == null ? e.getClass().getSimpleName() : message.replace('\n', ' ');
    }
}
