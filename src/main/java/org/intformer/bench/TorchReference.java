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
 * Runs the PyTorch reference script (shared/bench/torch_reference.py) for one epoch of the same model and
 * reads its milliseconds per step. Only for side-by-side benchmarks; nothing in the product needs Python.
 */
public final class TorchReference {
    private static final Pattern MS_PER_STEP = Pattern.compile("ms_per_step=([0-9.]+)");

    /** Why the reference cannot run this model, or null when it can. */
    public static String unsupported(ModelSpec s) {
        if (s.patch() != 1 || s.heads() != 1 || s.norm() != ModelSpec.Norm.BATCH || s.activation() != ModelSpec.Activation.RELU
                || s.ffn() != 4 * s.dModel() || s.dropout() != 0f) {
            return "the PyTorch reference models only patch 1, 1 head, batch norm, relu, ffn = 4 x d-model, no dropout";
        }
        return null;
    }

    private TorchReference() {
    }

    /** @return milliseconds per step, or throws with the script's output when it fails */
    public static double msPerStep(String python, Path script, Path csv, String features, ModelSpec s, int batch, int threads)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), csv.toString(), "--window", "" + s.lookback(),
                "--horizon", "" + s.horizon(), "--features", features, "--d", "" + s.dModel(), "--layers", "" + s.layers(),
                "--head", s.head().name().toLowerCase(), "--epochs", "1", "--batch", "" + batch, "--threads", "" + threads));
        if (s.relative()) {
            cmd.add("--relative");
        }
        Path log = Files.createTempFile("intformer-torch", ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("PyTorch reference timed out");
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            Matcher m = MS_PER_STEP.matcher(out);
            if (p.exitValue() != 0 || !m.find()) {
                throw new IOException("PyTorch reference failed (exit " + p.exitValue() + "): " + out.strip().lines()
                        .reduce((a, b) -> b).orElse(""));
            }
            return Double.parseDouble(m.group(1));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
