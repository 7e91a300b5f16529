package org.intformer.explore;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.intformer.config.ConfigLoader;

/** Tiny explorations on the built-in synthetic data: a few seconds each. */
final class ExploreFixtures {
    private ExploreFixtures() {
    }

    /** Base keys of a tiny model, followed by an explore section with {@code exploreBody} (indented lines). */
    static String yaml(String exploreBody) {
        return yaml(1, exploreBody);
    }

    /** As {@link #yaml(String)} with {@code qatEpochs} QAT epochs. */
    static String yaml(int qatEpochs, String exploreBody) {
        return """
                synthetic-rows: 600
                lookback: 24
                horizon: 6
                d-model: 8
                ffn: 16
                batch: 64
                epochs: 2
                qat-epochs: %d
                explore:
                """.formatted(qatEpochs) + exploreBody;
    }

    static final String SMALL_SPACE = """
              min-epochs: 1
              verify-front: 0
              space:
                patch: [4, 6, 5]
                heads: [1, 2]
                bits: [8, 4]
            """;

    static Path write(Path dir, String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    static ExploreJob.Result run(Path yaml, Path out) {
        ConfigLoader.Sectioned loaded = new ConfigLoader().load(yaml, Map.of(), Set.of(ExploreJob.SECTION));
        return ExploreJob.run(loaded, yaml, out, null);
    }

    /** explore.json without wall-clock fields, the only part that legitimately differs between runs. */
    static JsonNode withoutTimes(Path exploreJson) {
        return ExploreJob.withoutTimes(exploreJson);
    }
}
