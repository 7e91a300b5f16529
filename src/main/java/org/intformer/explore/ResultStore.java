package org.intformer.explore;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.intformer.app.QatJob;
import org.intformer.config.ConfigLoader;
import org.intformer.config.TrainConfig;
import org.intformer.io.Json;

/**
 * One JSON file per (point, rung), {@code DIR/points/<id>-r<rung>.json}, written atomically the moment the
 * point finishes. The file carries a hash of everything the result depends on (the point's full rung
 * configuration, lanes, target, rung); a rerun reuses a file whose hash matches and recomputes otherwise, so a
 * killed run resumes where it stopped and an edited config never serves stale results.
 */
final class ResultStore {
    /** Bumped when the outcome's meaning changes, so old files are recomputed rather than misread. */
    static final int FORMAT = 1;

    private final Path dir;

    ResultStore(Path exploreDir) {
        this.dir = exploreDir.resolve("points");
    }

    Path file(String id, int rung) {
        return dir.resolve(id + "-r" + rung + ".json");
    }

    /** Where the point's QAT run writes its integer model and report. */
    Path workDir(String id, int rung) {
        return dir.resolve(id + "-r" + rung);
    }

    static String hash(TrainConfig config, int lanes, String target, int rung) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("format", FORMAT);
        key.put("config", ConfigLoader.toMap(config));
        key.put("lanes", lanes);
        key.put("target", target);
        key.put("rung", rung);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Json.toString(key).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored outcome if its hash matches (and, for a trained point, its integer model is still there); else null. */
    @SuppressWarnings("unchecked")
    PointOutcome reusable(String id, int rung, String hash) {
        Path f = file(id, rung);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            Map<String, Object> stored = Json.MAPPER.readValue(f.toFile(), Map.class);
            if (!hash.equals(stored.get("hash"))) {
                return null;
            }
            PointOutcome o = PointOutcome.fromMap((Map<String, Object>) stored.get("outcome"));
            if (PointOutcome.DONE.equals(o.status()) && !Files.isRegularFile(workDir(id, rung).resolve(QatJob.INTEGER_FILE))) {
                return null;
            }
            return o;
        } catch (Exception e) {
            // An unreadable or foreign file is recomputed and replaced; atomic writes make this rare (manual edits).
            return null;
        }
    }

    void save(PointOutcome outcome, String hash, TrainConfig config) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hash", hash);
        m.put("config", ConfigLoader.toMap(config));
        m.put("outcome", outcome.toMap());
        Json.writeAtomically(file(outcome.id(), outcome.rung()), m);
    }
}
