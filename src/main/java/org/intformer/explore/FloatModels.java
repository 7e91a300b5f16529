package org.intformer.explore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.intformer.app.QatJob;
import org.intformer.app.TrainJob;
import org.intformer.config.ConfigLoader;
import org.intformer.config.TrainConfig;
import org.intformer.io.Fingerprints;
import org.intformer.io.Json;
import org.intformer.train.TrainingListener;

/**
 * The float models of warm-started explorations, {@code DIR/float/<hash>/model.ifm}: points that differ only in
 * quantization keys (bits, scheme, QAT learning rates, ...) start QAT from the same float model, so it is trained
 * once. The hash covers the configuration without those keys, the data file's content and the code; a model on
 * disk with a matching hash is reused by a rerun. Float training is deterministic, so sharing changes no result
 * (QatSessionTest checks that QAT from a shared float model is bit-identical to QAT after training it in place).
 */
final class FloatModels {
    /** Keys that only the QAT phase reads: QatJob takes them from the point, not the float model (but seed and threads shape float training too). */
    static final List<String> QAT_ONLY = QatJob.QAT_KEYS.stream().filter(k -> !k.equals("seed") && !k.equals("threads")).toList();

    private final Path dir;
    private final String code;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    FloatModels(Path exploreDir, String code) {
        this.dir = exploreDir.resolve("float");
        this.code = code;
    }

    /** The configuration without the QAT-only keys: points with equal keys share a float model (on the same data and code). */
    static Map<String, Object> floatKey(TrainConfig config) {
        Map<String, Object> key = new LinkedHashMap<>(ConfigLoader.toMap(config));
        QAT_ONLY.forEach(key::remove);
        return key;
    }

    String hash(TrainConfig config, String dataSha256) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("config", floatKey(config));
        all.put("data_sha256", dataSha256);
        all.put("code", code);
        return Fingerprints.sha256(Json.toString(all).getBytes(StandardCharsets.UTF_8));
    }

    /** The float model file of this configuration, trained now unless a previous run or another point made it. */
    @SuppressWarnings("try") // the lock is held, not used
    Path get(TrainConfig config, String dataSha256) {
        String hash = hash(config, dataSha256);
        Path out = dir.resolve(hash);
        Path model = out.resolve(TrainJob.MODEL_FILE);
        synchronized (locks.computeIfAbsent(hash, h -> new Object())) {
            if (!Files.isRegularFile(model)) {
                // Other processes too (Spark executors sharing DIR) wait for the one that trains it rather than train it
                // again: the first tasks of a rung are mostly points that share their float model.
                try (FileChannel channel = lockFile(out); FileLock lock = channel.lock()) {
                    if (!Files.isRegularFile(model)) {
                        TrainJob.run(config, out, TrainingListener.NONE);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return model;
    }

    /** {@code DIR/float/<hash>/.lock}, held while the model is trained (the directory holds nothing else until then). */
    private static FileChannel lockFile(Path modelDir) throws IOException {
        Files.createDirectories(modelDir);
        return FileChannel.open(modelDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }
}
