package org.intformer.explore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.intformer.app.DataLoader;
import org.intformer.app.QatJob;
import org.intformer.app.TrainJob;
import org.intformer.io.AtomicFiles;
import org.intformer.config.ConfigLoader;
import org.intformer.config.TrainConfig;
import org.intformer.io.Fingerprints;
import org.intformer.io.Json;

/**
 * One JSON file per (point, rung), {@code DIR/points/<id>-r<rung>.json}, written atomically the moment the
 * point finishes. The file carries a hash of everything the result depends on (the point's full rung
 * configuration, the data file's content, lanes, target, rung, and the code); a rerun reuses a file whose hash matches and recomputes otherwise, so a
 * killed run resumes where it stopped and an edited config never serves stale results.
 */
final class ResultStore {
    /** Bumped when the outcome's meaning changes, so old files are recomputed rather than misread. */
    static final int FORMAT = 1;

    private final Path dir;
    private final String code;
    /** Data fingerprints by path, each file read once per run (points of one exploration share their data). */
    private final Map<String, String> dataHashes = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * Result files present at the first {@link #adopt}, by hash: lets a point whose id moved (the space was edited)
     * find its result. Read lazily: a worker that only runs tasks never needs it.
     */
    private Map<String, Path> byHash;

    /** @param code the fingerprint of the code that makes the results ({@link org.intformer.config.Build#codeHash()}) */
    ResultStore(Path exploreDir, String code) {
        this.dir = exploreDir.resolve("points");
        this.code = code;
    }

    private static Map<String, Path> index(Path dir) {
        Map<String, Path> m = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return m;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".json") && !name.startsWith(".")) {
                    Object hash = readMap(f).get("hash");
                    if (hash instanceof String h) {
                        m.putIfAbsent(h, f);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readMap(Path f) {
        try {
            return Json.MAPPER.readValue(f.toFile(), Map.class);
        } catch (IOException e) {
            return Map.of(); // unreadable: treated as absent and recomputed
        }
    }

    /** A (point, rung) task and the hash of what it would compute. */
    record Want(String id, int rung, String hash) {
    }

    /**
     * Copies results whose point id changed since they were computed (same hash, another file) to the ids
     * wanted now, so that editing the space does not retrain unchanged points. All sources are read before
     * anything is written: one point's new file can be another point's old source.
     */
    void adopt(List<Want> wants) {
        if (byHash == null) {
            byHash = index(dir);
        }
        record Copy(Want want, PointOutcome outcome, Map<String, byte[]> workFiles) {
        }
        List<Copy> copies = new ArrayList<>();
        for (Want w : wants) {
            Path source = byHash.get(w.hash());
            if (source == null || source.equals(file(w.id(), w.rung())) || reusable(w.id(), w.rung(), w.hash()) != null) {
                continue;
            }
            PointOutcome old = read(source, w.hash());
            if (old == null) {
                continue;
            }
            Map<String, byte[]> work = new TreeMap<>();
            Path oldWork = workDir(old.id(), old.rung());
            for (String name : List.of(QatJob.INTEGER_FILE, TrainJob.REPORT_FILE)) {
                try {
                    if (Files.isRegularFile(oldWork.resolve(name))) {
                        work.put(name, Files.readAllBytes(oldWork.resolve(name)));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            Map<String, Object> renamed = old.toMap();
            renamed.put("id", w.id());
            copies.add(new Copy(w, PointOutcome.fromMap(renamed), work));
        }
        for (Copy c : copies) {
            c.workFiles().forEach((name, bytes) -> AtomicFiles.write(workDir(c.want().id(), c.want().rung()).resolve(name), bytes));
            save(c.outcome(), c.want().hash(), readConfig(byHash.get(c.want().hash())));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readConfig(Path f) {
        return (Map<String, Object>) readMap(f).get("config");
    }

    Path file(String id, int rung) {
        return dir.resolve(id + "-r" + rung + ".json");
    }

    /** Where the point's QAT run writes its integer model and report. */
    Path workDir(String id, int rung) {
        return dir.resolve(id + "-r" + rung);
    }

    /** The SHA-256 of the configuration's data (the file's content, or the synthetic series'), read once per file. */
    String dataHash(TrainConfig config) {
        return config.data() == null ? DataLoader.fingerprint(config)
                : dataHashes.computeIfAbsent(config.data(), d -> DataLoader.fingerprint(config));
    }

    String hash(TrainConfig config, int lanes, String target, int rung) {
        return hash(config, lanes, target, rung, null);
    }

    /**
     * @param warmQatEpochs with warm-started rungs, the point's full qat-epochs: the rung's QAT run is the first
     *                      {@code config.qatEpochs()} epochs of that longer run (its learning-rate schedule spans it);
     *                      null when each rung trains from scratch
     */
    String hash(TrainConfig config, int lanes, String target, int rung, Integer warmQatEpochs) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("format", FORMAT);
        key.put("config", ConfigLoader.toMap(config));
        if (warmQatEpochs != null) {
            key.put("warm_start_qat_epochs", warmQatEpochs);
        }
        key.put("data_sha256", dataHash(config));
        key.put("lanes", lanes);
        key.put("target", target);
        key.put("rung", rung);
        key.put("code", code);
        return Fingerprints.sha256(Json.toString(key).getBytes(StandardCharsets.UTF_8));
    }

    /** The stored outcome if its hash matches (and, for a trained point, its integer model is still there); else null. */
    PointOutcome reusable(String id, int rung, String hash) {
        Path f = file(id, rung);
        return Files.isRegularFile(f) ? read(f, hash) : null;
    }

    @SuppressWarnings("unchecked")
    private PointOutcome read(Path f, String hash) {
        Map<String, Object> stored = readMap(f);
        if (!hash.equals(stored.get("hash"))) {
            return null;
        }
        try {
            PointOutcome o = PointOutcome.fromMap((Map<String, Object>) stored.get("outcome"));
            if (PointOutcome.DONE.equals(o.status()) && !Files.isRegularFile(workDir(o.id(), o.rung()).resolve(QatJob.INTEGER_FILE))) {
                return null;
            }
            return o;
        } catch (RuntimeException e) {
            // A foreign or hand-edited file is recomputed and replaced.
            return null;
        }
    }

    void save(PointOutcome outcome, String hash, TrainConfig config) {
        save(outcome, hash, ConfigLoader.toMap(config));
    }

    private void save(PointOutcome outcome, String hash, Map<String, Object> config) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hash", hash);
        m.put("config", config);
        m.put("outcome", outcome.toMap());
        Json.writeAtomically(file(outcome.id(), outcome.rung()), m);
    }
}
