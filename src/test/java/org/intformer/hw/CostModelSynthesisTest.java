package org.intformer.hw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.intformer.hw.synth.Resources;
import org.intformer.hw.synth.Tools;
import org.intformer.hw.synth.XilinxSynthesis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link CostModel} against a real yosys {@code synth_xilinx} run on small designs of varied shape, bits and
 * lanes that are in neither committed CSV: LUT and FF within 10 %, DSP exact, block RAM within one RAMB36
 * equivalent (the {@code memory_libmap} tiling is not reproduced for every depth: design 504 is 4 vs 3).
 * About 30–40 s per design, 145 s in all.
 */
@Tag("slow")
class CostModelSynthesisTest {
    @TempDir
    Path tmp;

    static List<CostDesigns.Shape> shapes() {
        return List.of(
                new CostDesigns.Shape(501, 24, 4, 8, 1, 1, 16, "gap", 6, 6, 24, 4),
                new CostDesigns.Shape(502, 32, 2, 16, 2, 1, 48, "last", 8, 4, 24, 8),
                new CostDesigns.Shape(503, 48, 8, 16, 4, 1, 64, "flatten", 4, 4, 24, 16),
                new CostDesigns.Shape(504, 36, 6, 8, 2, 1, 24, "flatten", 5, 8, 24, 0));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void estimateAgreesWithYosys(CostDesigns.Shape s) throws IOException {
        assumeTrue(Tools.available("yosys"), "yosys not installed");
        GeneratedDesign d = VerilogGenerator.generate(CostDesigns.model(s), s.options(), tmp);
        Resources act = XilinxSynthesis.run(tmp, List.of(VerilogGenerator.SOURCE), d.top()).resources();
        Resources est = CostModel.estimate(CostDesigns.model(s), s.options()).resources();
        String what = s.csv() + ": estimate " + est.lut() + " LUT " + est.ff() + " FF vs yosys " + act.lut() + " LUT " + act.ff()
                + " FF";
        assertThat((double) Math.abs(est.lut() - act.lut())).as(what).isLessThanOrEqualTo(0.10 * act.lut());
        assertThat((double) Math.abs(est.ff() - act.ff())).as(what).isLessThanOrEqualTo(0.10 * act.ff());
        assertThat(est.dsp()).as(what).isEqualTo(act.dsp());
        assertThat(est.bram36() + est.bram18() / 2.0).as(what + " block RAM")
                .isCloseTo(act.bram36() + act.bram18() / 2.0, org.assertj.core.data.Offset.offset(1.0));
    }
}
