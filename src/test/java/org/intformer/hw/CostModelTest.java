package org.intformer.hw;

import static org.assertj.core.api.Assertions.assertThat;

import org.intformer.hw.synth.Resources;
import org.intformer.hw.synth.Target;
import org.intformer.integer.IntModel;
import org.junit.jupiter.api.Test;

/** Structure of {@link CostModel} without any tool: mapping rules, monotonicity, verdict, auto lanes. */
class CostModelTest {
    static final CostDesigns.Shape SHAPE = new CostDesigns.Shape(7, 48, 4, 32, 2, 2, 96, "flatten", 8, 8, 24, 0);

    @Test
    void dspRulesFollowMul2dsp() {
        assertThat(XilinxMapping.dsps(25, 18)).isEqualTo(1);
        assertThat(XilinxMapping.dsps(18, 25)).isEqualTo(1);
        assertThat(XilinxMapping.dsps(4, 4)).as("8-bit product stays in LUTs").isZero();
        // 24 × 32: A = 32 split in 17 + 15, each slice's B = 24 split in 17 + 7 (seen in the yosys log)
        assertThat(XilinxMapping.dsps(24, 32)).isEqualTo(4);
        assertThat(XilinxMapping.dsps(30, 18)).isEqualTo(2);
    }

    @Test
    void blockRamRulesFollowMemoryLibmap() {
        // measured with yosys 0.23 on a lone ROM (rom_style block)
        assertBram(XilinxMapping.blockRam(24, 1024), 1, 0);
        assertBram(XilinxMapping.blockRam(24, 500), 0, 1);
        assertBram(XilinxMapping.blockRam(24, 2048), 0, 3);
        assertBram(XilinxMapping.blockRam(20, 4096), 0, 5);
        assertBram(XilinxMapping.blockRam(64, 300), 1, 0);
        assertThat(XilinxMapping.blockRam(128, 300).b36()).isEqualTo(2);
        assertBram(XilinxMapping.blockRam(8, 1200), 0, 1);
        // three 512-word rows of 24 bits side by side in one 512 x 72 (was read as "1K x 36 plus a tail in logic")
        assertBram(XilinxMapping.blockRam(24, 1100), 1, 0);
        // exploration weight ROMs: rows packed as data (debug memory_libmap: 6 and 11 replicates, cost 1688 and 1549)
        assertBram(XilinxMapping.blockRam(144, 1104), 6, 0);
        assertThat(XilinxMapping.blockRam(144, 1104).cost()).isEqualTo(1688.0);
        assertBram(XilinxMapping.blockRam(128, 1184), 0, 11);
        assertThat(XilinxMapping.blockRam(128, 1184).cost()).isEqualTo(1549.0);
        // auto ROMs: 29 x 569 stays in logic (257.83 < 259), 36 x 413 takes one 512 x 36 RAMB18 (232.3 > 131)
        assertBram(XilinxMapping.autoRom(29, 569), 0, 0);
        assertThat(XilinxMapping.autoRom(29, 569).logicBits()).isEqualTo(29L * 569);
        assertBram(XilinxMapping.autoRom(36, 413), 0, 1);
        assertBram(XilinxMapping.autoRom(28, 633), 1, 0);
        assertThat(XilinxMapping.liveColumns(java.util.List.of(java.math.BigInteger.valueOf(0b1010),
                java.math.BigInteger.valueOf(0b1001)), 4)).as("bit 3 always 1, bit 2 always 0").isEqualTo(2);
        assertThat(XilinxMapping.lutRamLuts(6, 32)).isEqualTo(4);
        assertThat(XilinxMapping.lutRamLuts(5, 72)).isEqualTo(12);
    }

    @Test
    void moreLanesNeverCostLessLogicAndUseDspsUpToTheDevice() {
        IntModel m = CostDesigns.model(SHAPE);
        HwOptions o = HwOptions.auto(Target.XC7S15);
        CostEstimate prev = null;
        for (int lanes : new int[] {4, 8, 16, 32}) {   // powers of two: 12 and 24 lanes can leave a weight-ROM tail in logic
            CostEstimate e = CostModel.estimate(m, o, lanes);
            assertThat(e.lanes()).isEqualTo(lanes);
            assertThat(e.resources().dsp()).isBetween(1, Target.XC7S15_DSP);
            if (prev != null) {
                assertThat(e.resources().lut()).as("LUTs at " + lanes + " lanes").isGreaterThanOrEqualTo(prev.resources().lut());
                assertThat(e.resources().ff()).isGreaterThanOrEqualTo(prev.resources().ff());
                assertThat(e.resources().dsp()).isGreaterThanOrEqualTo(prev.resources().dsp());
                assertThat(e.cycles()).as("cycles at " + lanes + " lanes").isLessThanOrEqualTo(prev.cycles());
            }
            prev = e;
        }
    }

    @Test
    void cyclesAreTheGeneratorsScheduleAndTheVerdictIsTheTargets() {
        IntModel m = CostDesigns.model(SHAPE);
        for (Target target : Target.values()) {
            HwOptions o = new HwOptions(8, target);
            CostEstimate e = CostModel.estimate(m, o);
            assertThat(e.cycles()).isEqualTo(Design.of(m, o).cycles());
            assertThat(e.fits()).isEqualTo(target.fits(e.resources()));
            assertThat(e.resourceMap()).isNotEmpty();
        }
        Resources huge = CostModel.estimate(m, new HwOptions(256, Target.XC7S15)).resources();
        assertThat(Target.XC7S15.fits(huge)).isFalse();
        assertThat(CostModel.estimate(m, new HwOptions(256, Target.XC7S15)).fits()).isFalse();
    }

    @Test
    @SuppressWarnings("unchecked")
    void reportMapsUseTheSynthesisKeysAndGiveTheRelativeError() {
        CostEstimate e = CostModel.estimate(CostDesigns.model(SHAPE), new HwOptions(8, Target.XC7S15));
        java.util.Map<String, Integer> est = e.resourceMap();
        assertThat(est).containsOnlyKeys("lut", "ff", "dsp", "bram36", "bram18", "lutram");
        java.util.Map<String, Object> actual = new java.util.HashMap<>(est);
        actual.put("lut", est.get("lut") * 2);
        java.util.Map<String, Object> cm = e.against(actual);
        java.util.Map<String, Object> err = (java.util.Map<String, Object>) cm.get("error");
        assertThat((Double) err.get("lut")).isEqualTo(-0.5);
        assertThat((Double) err.get("ff")).isEqualTo(0.0);
        assertThat(cm.get("cycles")).isEqualTo(e.cycles());
        // Synthesis found none of a resource the model predicts: no relative error, and no crash.
        actual.put("bram18", 0);
        actual.put("dsp", 0);
        java.util.Map<String, Object> zero = (java.util.Map<String, Object>) e.against(actual).get("error");
        assertThat(zero.get("dsp")).isEqualTo(est.get("dsp") == 0 ? 0.0 : null);
        assertThat(zero).containsKey("bram18");
        assertThat(e.toMap()).containsKeys("lanes", "cycles", "resources", "fits");
    }

    @Test
    void autoLanesPicksTheLargestCandidateThatFitsWithMargin() {
        IntModel m = CostDesigns.model(SHAPE);
        HwOptions o = HwOptions.auto(Target.XC7S15);
        int lanes = VerilogGenerator.lanes(m, o);
        assertThat(CostModel.AUTO_CANDIDATES).contains(lanes);
        CostEstimate chosen = CostModel.estimate(m, o);
        assertThat(chosen.lanes()).isEqualTo(lanes);
        assertThat(chosen.fits()).isTrue();
        assertThat(CostModel.lutShare(Target.XC7S15, chosen.resources())).isLessThanOrEqualTo(CostModel.AUTO_LUT_MARGIN);
        for (int c : CostModel.AUTO_CANDIDATES) {
            if (c > lanes) {
                CostEstimate bigger = CostModel.estimate(m, o, c);
                assertThat(bigger.fits() && CostModel.lutShare(Target.XC7S15, bigger.resources()) <= CostModel.AUTO_LUT_MARGIN)
                        .as(c + " lanes would also fit").isFalse();
            }
        }
        assertThat(VerilogGenerator.lanes(m, new HwOptions(12, Target.XC7S15))).isEqualTo(12);
    }

    @Test
    void autoLanesOnIce40LeaveTwoBlockRamsAndTheLogicMargin() {
        // a small 4-bit encoder (the calibrated model: 8 lanes, 4,403 LC; 16 lanes, 5,619 LC, would exceed the 90 % margin)
        IntModel m = CostDesigns.model(new CostDesigns.Shape(11, 12, 1, 8, 2, 1, 16, "gap", 4, 4, 24, 0));
        HwOptions o = HwOptions.auto(Target.ICE40UP5K);
        CostEstimate chosen = CostModel.estimate(m, o);
        assertThat(CostModel.AUTO_CANDIDATES).contains(chosen.lanes());
        assertThat(CostModel.roomy(chosen)).isTrue();
        assertThat(chosen.resources().ebr()).isLessThanOrEqualTo(Target.UP5K_EBR - CostModel.ICE40_SPARE_EBR);
        for (int c : CostModel.AUTO_CANDIDATES) {
            if (c > chosen.lanes()) {
                assertThat(CostModel.roomy(CostModel.estimate(m, o, c))).as(c + " lanes would also fit").isFalse();
            }
        }
        assertThat(CostModel.misfit(m, Target.ICE40UP5K)).isNull();
    }

    @Test
    void aModelThatCannotFitNamesTheResourceAndTheExcess() {
        // two layers of d_model 64 over 96 tokens: far more weights and activations than the UP5K's block RAM holds
        IntModel m = CostDesigns.model(new CostDesigns.Shape(12, 96, 1, 64, 4, 2, 256, "flatten", 8, 8, 24, 0));
        Misfit misfit = CostModel.misfit(m, Target.ICE40UP5K);
        assertThat(misfit).isNotNull();
        assertThat(misfit.estimate().lanes()).isEqualTo(1);
        assertThat(misfit.reason()).containsPattern("(ebr|lc|dsp|spram) \\d+ of \\d+ \\(\\d+ over");
        // every excess is what the one-lane estimate needs beyond what auto lanes may use, and the text says so
        assertThat(misfit.over()).isNotEmpty().allSatisfy(x -> {
            assertThat(x.needed()).isGreaterThan(x.allowed());
            assertThat(x.allowed()).isLessThanOrEqualTo(x.available());
            assertThat(misfit.reason()).contains(x.resource() + " " + x.needed() + " of " + x.available() + " (" + (x.needed() - x.allowed())
                    + " over");
        });
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> CostModel.requireFit(m, Target.ICE40UP5K)))
                .isInstanceOf(org.intformer.UserError.class).hasMessageContaining("does not fit ice40up5k");
    }

    private static void assertBram(XilinxMapping.Bram b, int b36, int b18) {
        assertThat(new int[] {b.b36(), b.b18()}).as(b.toString()).containsExactly(b36, b18);
    }
}
