package org.intformer.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.intformer.UserError;

/**
 * SHA-256 fingerprints of bytes, files and directory trees: what the caches of {@code run} and {@code explore}
 * mean by "the same input" (a data file's content, the code that is running).
 */
public final class Fingerprints {
    private Fingerprints() {
    }

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /** The SHA-256 of a file's bytes, streamed; a missing or unreadable file is a user error naming it. */
    public static String file(Path file) {
        MessageDigest md = digest();
        try (InputStream in = Files.newInputStream(file)) {
            update(md, in);
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new UserError(file + ": permission denied", e);
        } catch (IOException e) {
            throw new UserError(file + ": cannot read: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * The SHA-256 of every regular file under {@code dir}, in the order of their relative paths: each file adds its
     * path, its length and its bytes, so renaming a file or moving bytes from one file to another changes it.
     */
    public static String tree(Path dir) {
        MessageDigest md = digest();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path f : files) {
            String name = dir.relativize(f).toString().replace('\\', '/');
            try (InputStream in = Files.newInputStream(f)) {
                md.update(name.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(Long.toString(Files.size(f)).getBytes(StandardCharsets.US_ASCII));
                md.update((byte) 0);
                update(md, in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void update(MessageDigest md, InputStream in) throws IOException {
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
            md.update(buf, 0, n);
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
