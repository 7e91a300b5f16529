package org.intformer.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StageStoreTest {
    @TempDir
    Path dir;

    private final AtomicInteger runs = new AtomicInteger();

    private StageOutcome stage(StageStore store, Map<String, Object> inputs) {
        return store.run("s", inputs, d -> {
            runs.incrementAndGet();
            write(d.resolve("out.txt"), "x" + inputs);
            return Map.of("value", inputs.get("a"));
        });
    }

    @Test
    void sameInputsAreReusedChangedInputsRerun() {
        StageStore store = new StageStore(dir, "code");
        StageOutcome first = stage(store, Map.of("a", 1));
        StageOutcome again = stage(store, Map.of("a", 1));
        assertThat(first.reused()).isFalse();
        assertThat(again.reused()).isTrue();
        assertThat(again.key()).isEqualTo(first.key());
        assertThat(again.result()).containsEntry("value", 1);
        assertThat(runs).hasValue(1);

        StageOutcome changed = stage(store, Map.of("a", 2));
        assertThat(changed.reused()).isFalse();
        assertThat(changed.key()).isNotEqualTo(first.key());
        assertThat(runs).hasValue(2);
    }

    @Test
    void aStageThatCrashedLeavesNoMarkerAndRunsAgainOnAFreshDirectory() throws IOException {
        StageStore store = new StageStore(dir, "code");
        assertThatThrownBy(() -> store.run("s", Map.of("a", 1), d -> {
            write(d.resolve("half.bin"), "partial");
            throw new IllegalStateException("killed");
        })).hasMessage("killed");
        assertThat(dir.resolve("s").resolve(StageStore.MARKER)).doesNotExist();
        StageOutcome o = stage(store, Map.of("a", 1));
        assertThat(o.reused()).isFalse();
        assertThat(dir.resolve("s/half.bin")).doesNotExist();
        assertThat(Files.readString(dir.resolve("s/out.txt"))).isEqualTo("x{a=1}");
    }

    @Test
    void aDamagedMarkerMeansNotDone() throws IOException {
        StageStore store = new StageStore(dir, "code");
        stage(store, Map.of("a", 1));
        Files.writeString(dir.resolve("s").resolve(StageStore.MARKER), "{\"key\": ");
        assertThat(stage(store, Map.of("a", 1)).reused()).isFalse();
        assertThat(runs).hasValue(2);
    }

    @Test
    void keyDependsOnEveryInputAndItsOrderIsFixed() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("x", 1);
        a.put("y", "z");
        Map<String, Object> b = new LinkedHashMap<>(a);
        b.put("y", "w");
        StageStore store = new StageStore(dir, "code");
        assertThat(store.key(a)).isEqualTo(store.key(new LinkedHashMap<>(a))).isNotEqualTo(store.key(b));
        assertThat(store.key(a)).hasSize(64);
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
