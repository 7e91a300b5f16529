package org.intformer.hw.synth;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.intformer.UserError;

/**
 * Where the external tools are and how they are run. Each tool is looked up on {@code PATH} unless an
 * environment variable names it ({@code INTFORMER_YOSYS}, {@code INTFORMER_NEXTPNR_ICE40},
 * {@code INTFORMER_ICEPACK}). A missing tool is a {@link UserError} that says which Debian package to
 * install.
 *
 * @param timeout how long one tool run may take before it is killed
 */
public record Tools(String yosys, String nextpnrIce40, String icepack, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(60);

    private static final Map<String, String> PACKAGES = Map.of(
            "yosys", "yosys", "nextpnr-ice40", "nextpnr-ice40", "icepack", "fpga-icestorm");

    /** The tools from the environment (or PATH), with the default timeout. */
    public static Tools fromEnvironment() {
        return new Tools(env("INTFORMER_YOSYS", "yosys"), env("INTFORMER_NEXTPNR_ICE40", "nextpnr-ice40"),
                env("INTFORMER_ICEPACK", "icepack"), DEFAULT_TIMEOUT);
    }

    public Tools withTimeout(Duration newTimeout) {
        return new Tools(yosys, nextpnrIce40, icepack, newTimeout);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** True when the named tool (a name on PATH or a path) can be executed. */
    public static boolean available(String tool) {
        return locate(tool) != null;
    }

    /** The executable for a tool name or path, or null. */
    static Path locate(String tool) {
        if (tool.contains("/") || tool.contains(File.separator)) {
            Path p = Path.of(tool);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? p : null;
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, tool);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** The executable, or a UserError naming the package that provides it. */
    static Path require(String tool, String role) {
        Path p = locate(tool);
        if (p == null) {
            String pkg = PACKAGES.getOrDefault(role, role);
            throw new UserError(role + " not found (looked for '" + tool + "' on PATH): install the Debian package '"
                    + pkg + "' (apt-get install " + pkg + ") or set " + envName(role) + " to its path");
        }
        return p;
    }

    private static String envName(String role) {
        return switch (role) {
            case "yosys" -> "INTFORMER_YOSYS";
            case "nextpnr-ice40" -> "INTFORMER_NEXTPNR_ICE40";
            default -> "INTFORMER_ICEPACK";
        };
    }

    /** Exit status of a finished tool run. */
    record Run(int exitCode, Path log) {
    }

    /**
     * Runs a command in {@code workDir} with stdout and stderr both written to {@code log}; returns its exit
     * code. Kills it (and throws) after the timeout.
     */
    Run run(Path workDir, Path log, List<String> command) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Process process = pb.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new ToolException(command.get(0) + " did not finish within " + timeout.toMinutes()
                        + " min; killed. Log " + log + ":\n" + tail(log, 20));
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
        return new Run(process.exitValue(), log);
    }

    /** Runs a command and throws {@link ToolException} with the end of its log unless it exits with 0. */
    void runOrThrow(Path workDir, Path log, List<String> command) throws IOException {
        Run r = run(workDir, log, command);
        if (r.exitCode() != 0) {
            throw new ToolException(Path.of(command.get(0)).getFileName() + " failed (exit " + r.exitCode()
                    + "); log " + log.toAbsolutePath() + ", last lines:\n" + tail(log, 20));
        }
    }

    /** The last {@code n} lines of a log file, for error messages; says so when the log cannot be read. */
    public static String tail(Path log, int n) {
        try {
            List<String> lines = List.of(new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\r?\n"));
            List<String> last = new ArrayList<>(lines.subList(Math.max(0, lines.size() - n), lines.size()));
            return String.join("\n", last);
        } catch (IOException e) {
            return "(the log " + log + " cannot be read: " + e + ")";
        }
    }

    /** A tool ran but failed (non-zero exit, timeout); the message ends with the last lines of its log. */
    public static class ToolException extends IOException {
        public ToolException(String message) {
            super(message);
        }
    }
}
