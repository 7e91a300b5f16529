package org.intformer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.intformer.nn.ModelSpec;
import org.junit.jupiter.api.Test;

/** Which PyTorch reference can run which model, and the command lines they get (the scripts themselves are not run). */
class TorchReferenceTest {
    private static final List<String> ETT = List.of("HUFL", "HULL", "MUFL", "MULL", "LUFL", "LULL", "OT");

    private static ModelSpec model(int patch, boolean linearPath, ModelSpec.Head head) {
        return new ModelSpec(1, new int[] {0}, 96, 24, 32, 1, 1, 128, ModelSpec.Norm.BATCH, ModelSpec.Activation.RELU, head,
                true, patch, 0f, linearPath);
    }

    @Test
    void theSharedScriptTakesPlainModelsOnTheLastColumn() {
        assertThat(TorchReference.unsupportedByShared(model(1, false, ModelSpec.Head.GAP), "MS", "OT", ETT)).isNull();
        assertThat(TorchReference.unsupportedByShared(model(8, false, ModelSpec.Head.LAST), "S", "OT", ETT)).contains("patch 1");
        assertThat(TorchReference.unsupportedByShared(model(1, true, ModelSpec.Head.LAST), "S", "OT", ETT)).contains("linear path");
        assertThat(TorchReference.unsupportedByShared(model(1, false, ModelSpec.Head.GAP), "S", "HUFL", ETT)).contains("last column");
        assertThat(TorchReference.unsupportedByShared(model(1, false, ModelSpec.Head.GAP), "M", "OT", ETT)).contains("features S or MS");
    }

    @Test
    void theOwnScriptGetsTheWholeArchitecture() {
        assertThat(TorchReference.unsupportedByOwn("s")).isNull();
        assertThat(TorchReference.unsupportedByOwn("M")).isNotNull();
        List<String> cmd = new TorchReference("/usr/bin/python3", Path.of("tools/torch_patch_reference.py"), false)
                .command(Path.of("ETTh1.csv"), "S", "OT", model(8, true, ModelSpec.Head.LAST), 256, 2);
        assertThat(String.join(" ", cmd)).contains("--window 96 --horizon 24 --features S --d 32 --layers 1 --head last")
                .contains("--batch 256 --threads 2 --relative --target OT --patch 8 --heads 1 --ffn 128 --norm batch")
                .contains("--activation relu").endsWith("--linear-path");
        List<String> shared = new TorchReference("/usr/bin/python3", Path.of("torch_reference.py"), true)
                .command(Path.of("ETTh1.csv"), "MS", "OT", model(1, false, ModelSpec.Head.GAP), 256, 1);
        assertThat(shared).doesNotContain("--patch", "--target", "--linear-path");
    }
}
