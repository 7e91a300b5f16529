package org.intformer.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.intformer.nn.ModelSpec;

/**
 * A PyTorch reference script run for one epoch of the same model, its milliseconds per step and parameter count read
 * from its output. Two scripts: the shared one (shared/bench/torch_reference.py: patch 1, one head, batch norm, relu,
 * FFN 4·d, the target as the CSV's last column) and the project's own tools/torch_patch_reference.py for the rest
 * (patches, the linear path, heads, layer norm, GELU, any FFN width). Only for side-by-side benchmarks; nothing in the
 * product needs Python.
 *
 * @param shared true for the shared script's command line, false for tools/torch_patch_reference.py's
 */
public record TorchReference(String python, Path script, boolean shared) {
    private static final Pattern MS_PER_STEP = Pattern.compile("ms_per_step=([0-9.]+)");
    private static final Pattern PARAMS = Pattern.compile("params=([0-9]+)");

    /** Milliseconds per step and the trainable parameter count of the PyTorch model. */
    public record Run(double msPerStep, long params) {
    }

    /** Why the shared script cannot run this model, or null when it can. */
    public static String unsupportedByShared(ModelSpec s, String features, String target, List<String> columns) {
        if (s.patch() != 1 || s.heads() != 1 || s.norm() != ModelSpec.Norm.BATCH || s.activation() != ModelSpec.Activation.RELU
                || s.ffn() != 4 * s.dModel() || s.dropout() != 0f || s.linearPath()) {
            return "the shared PyTorch reference models only patch 1, 1 head, batch norm, relu, ffn = 4 x d-model, no dropout, "
                    + "no linear path";
        }
        if (!columns.isEmpty() && !columns.get(columns.size() - 1).equals(target)) {
            return "the shared PyTorch reference forecasts the CSV's last column only";
        }
        return supportedFeatures(features);
    }

    /** Why tools/torch_patch_reference.py cannot run this model, or null when it can. */
    public static String unsupportedByOwn(String features) {
        return supportedFeatures(features);
    }

    private static String supportedFeatures(String features) {
        String f = features.trim().toUpperCase(java.util.Locale.ROOT);
        return f.equals("S") || f.equals("MS") ? null : "the PyTorch references forecast one target column (features S or MS)";
    }

    /** The command line for one epoch of {@code s} at batch {@code batch} on {@code threads} threads. */
    public List<String> command(Path csv, String features, String target, ModelSpec s, int batch, int threads) {
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), csv.toString(), "--window", "" + s.lookback(),
                "--horizon", "" + s.horizon(), "--features", features.toUpperCase(java.util.Locale.ROOT), "--d", "" + s.dModel(),
                "--layers", "" + s.layers(), "--head", s.head().name().toLowerCase(java.util.Locale.ROOT), "--epochs", "1",
                "--batch", "" + batch, "--threads", "" + threads));
        if (s.relative()) {
            cmd.add("--relative");
        }
        if (!shared) {
            cmd.addAll(List.of("--target", target, "--patch", "" + s.patch(), "--heads", "" + s.heads(), "--ffn", "" + s.ffn(),
                    "--norm", s.norm().name().toLowerCase(java.util.Locale.ROOT),
                    "--activation", s.activation().name().toLowerCase(java.util.Locale.ROOT), "--dropout", "" + s.dropout()));
            if (s.linearPath()) {
                cmd.add("--linear-path");
            }
        }
        return cmd;
    }

    /** Runs the script; throws with its last output line when it fails. */
    public Run run(Path csv, String features, String target, ModelSpec s, int batch, int threads)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("intformer-torch", ".log");
        try {
            Process p = new ProcessBuilder(command(csv, features, target, s, batch, threads)).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("PyTorch reference timed out");
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            Matcher ms = MS_PER_STEP.matcher(out);
            Matcher params = PARAMS.matcher(out);
            if (p.exitValue() != 0 || !ms.find() || !params.find()) {
                throw new IOException("PyTorch reference " + script + " failed (exit " + p.exitValue() + "): "
                        + out.strip().lines().reduce((a, b) -> b).orElse(""));
            }
            return new Run(Double.parseDouble(ms.group(1)), Long.parseLong(params.group(1)));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
