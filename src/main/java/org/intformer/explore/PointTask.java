package org.intformer.explore;

import java.io.Serializable;
import org.intformer.config.TrainConfig;

/**
 * One (point, rung) of an exploration, with everything needed to run it on any machine that sees the exploration's
 * directory: the configurations and the keys, hashed where the exploration is planned (so a worker never hashes the
 * data file or the code itself).
 *
 * @param config      the point's configuration at this rung
 * @param full        the point's full configuration (a warm-started QAT run spans its qat-epochs)
 * @param hash        the result's cache key ({@link ResultStore#hash})
 * @param trainingKey the training's key: the result's key without lanes (points that differ only in lanes share it)
 * @param dataSha256  the data's fingerprint ({@link org.intformer.app.DataLoader#fingerprint})
 * @param costFirst   cost the untrained shape first (the point's first rung in this exploration)
 * @param lastRung    the point runs no further rung
 */
public record PointTask(String id, int rung, TrainConfig config, TrainConfig full, int lanes, String hash, String trainingKey,
                        String dataSha256, boolean costFirst, boolean lastRung) implements Serializable {
}
