package org.intformer.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.intformer.explore.ExploreJob;
import org.intformer.fuzz.UserErrors;
import org.intformer.pipeline.PipelineOptions;

/**
 * Any bytes as a YAML config file: a validated configuration with its pipeline: and explore: sections read as
 * run and explore read them (the explore space expanded), or a one-line user error. No environment variables,
 * so runs are reproducible.
 */
class ConfigFuzzTest {
    private static final Path DIR = UserErrors.scratch("config-fuzz");

    @FuzzTest(maxDuration = "10m")
    void anyFileIsAConfigOrAUserError(byte[] bytes) {
        Path file = UserErrors.write(DIR.resolve("config.yaml"), bytes);
        UserErrors.only(() -> {
            ConfigLoader.Sectioned loaded = new ConfigLoader(name -> null, DIR)
                    .load(file, Map.of(), Set.of(PipelineOptions.SECTION, ExploreJob.SECTION));
            PipelineOptions.overlay(PipelineOptions.defaults(), loaded.section(PipelineOptions.SECTION), loaded.origin());
            if (!loaded.section(ExploreJob.SECTION).isEmpty()) {
                ExploreJob.plan(loaded, file);
            }
        });
    }
}
