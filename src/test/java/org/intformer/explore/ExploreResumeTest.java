package org.intformer.explore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Acceptance: killing explore midway and rerunning finishes without redoing completed points. */
@Tag("slow")
class ExploreResumeTest {
    @TempDir
    Path dir;

    record Stamp(byte[] bytes, FileTime mtime) {
    }

    @Test
    void killingExploreMidwayAndRerunningFinishesWithoutRedoingCompletedPoints() throws Exception {
        Path yaml = ExploreFixtures.write(dir, "c.yaml", ExploreFixtures.yaml("  workers: 1\n" + ExploreFixtures.SMALL_SPACE));
        Path out = dir.resolve("killed");
        Path points = out.resolve("points");

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        assertThat(classpath).contains("classes");
        Process child = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-cp", classpath,
                "org.intformer.cli.Main", "explore", yaml.toString(), "--out", out.toString(), "--quiet")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (pointFiles(points).isEmpty() && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        Map<Path, Stamp> before = new TreeMap<>();
        for (Path f : pointFiles(points)) {
            before.put(f, new Stamp(Files.readAllBytes(f), Files.getLastModifiedTime(f)));
        }
        assertThat(before).as("child log: %s", Files.readString(dir.resolve("child.log"))).isNotEmpty();
        assertThat(Files.exists(out.resolve(ExploreJob.JSON_FILE))).as("killed before the end").isFalse();

        ExploreJob.Result resumed = ExploreFixtures.run(yaml, out);
        assertThat(resumed.reused()).isEqualTo(before.size());
        assertThat(resumed.reused() + resumed.computed()).isEqualTo(12);
        for (Map.Entry<Path, Stamp> e : before.entrySet()) {
            assertThat(Files.readAllBytes(e.getKey())).as("%s rewritten", e.getKey()).isEqualTo(e.getValue().bytes());
            assertThat(Files.getLastModifiedTime(e.getKey())).isEqualTo(e.getValue().mtime());
        }

        Path clean = dir.resolve("clean");
        ExploreJob.Result uninterrupted = ExploreFixtures.run(yaml, clean);
        assertThat(uninterrupted.reused()).isZero();
        assertThat(ExploreFixtures.withoutTimes(out.resolve(ExploreJob.JSON_FILE)))
                .isEqualTo(ExploreFixtures.withoutTimes(clean.resolve(ExploreJob.JSON_FILE)));
    }

    private static List<Path> pointFiles(Path points) throws java.io.IOException {
        if (!Files.isDirectory(points)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(points)) {
            // Temporary files of atomic writes start with '.'; only finished results count.
            return s.filter(p -> p.getFileName().toString().endsWith(".json") && !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
    }

}
