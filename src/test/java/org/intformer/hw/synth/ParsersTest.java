package org.intformer.hw.synth;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The parsers against output captured from yosys 0.23 and nextpnr-ice40 0.4 on the test designs. */
class ParsersTest {

    @Test
    void xc7SmallStat() throws Exception {
        XilinxSynthesis.Result r = XilinxSynthesis.fromStat(SynthTestFiles.captured("xc7-small-stat.json"), null, null);
        Resources res = r.resources();
        assertThat(res.lut()).isEqualTo(135 + 1 + 5 + 10 + 35);   // LUT2..LUT6
        assertThat(res.lutram()).isEqualTo(11 * 4);                 // 11 RAM64M
        assertThat(res.ff()).isEqualTo(183);
        assertThat(res.dsp()).isEqualTo(4);
        assertThat(res.bram36()).isEqualTo(2);
        assertThat(res.bram18()).isZero();
        assertThat(res.carry()).isEqualTo(5);
        assertThat(res.io()).isEqualTo(52 + 34);
        assertThat(res.cells()).containsEntry("BUFG", 1).containsEntry("RAM64M", 11).doesNotContainKey("weight_rom");
        assertThat(r.fits()).isTrue();
        assertThat(r.usage()).anySatisfy(u -> {
            assertThat(u.resource()).isEqualTo("lut");
            assertThat(u.used()).isEqualTo(186 + 44);
        });
    }

    @Test
    void xc7BigStatDoesNotFit() throws Exception {
        XilinxSynthesis.Result r = XilinxSynthesis.fromStat(SynthTestFiles.captured("xc7-big-stat.json"), null, null);
        assertThat(r.resources().dsp()).isEqualTo(24);
        assertThat(r.resources().ff()).isEqualTo(6610);
        assertThat(r.resources().muxf()).isEqualTo(265 + 57);
        assertThat(r.resources().lut()).isEqualTo(16 + 42 + 297 + 80);
        assertThat(r.fits()).isFalse();
        assertThat(r.overLimit()).containsExactly("dsp 24/20 (120.0%)");
    }

    @Test
    void statWithoutDesignSectionUsesTheOnlyModule() throws Exception {
        String json = """
                {"creator": "Yosys 0.23", "modules": {"\\\\top": {"num_cells": 3,
                  "num_cells_by_type": {"LUT6": 2, "FDRE": 1}}}}""";
        assertThat(YosysStats.cells(json)).containsExactlyInAnyOrderEntriesOf(Map.of("LUT6", 2, "FDRE", 1));
    }

    @Test
    void lutRamTableAndOtherPrimitives() {
        Resources r = XilinxCells.fromCells(Map.ofEntries(Map.entry("RAM32M", 2),
                Map.entry("RAM64X1D", 3), Map.entry("RAM128X1D", 1), Map.entry("RAM32X1D", 1), Map.entry("SRLC32E", 5),
                Map.entry("SRL16E", 2), Map.entry("RAMB18E1", 3), Map.entry("FDSE", 4), Map.entry("FDCE", 1),
                Map.entry("FDPE", 1), Map.entry("LUT1", 7)));
        assertThat(r.lutram()).isEqualTo(2 * 4 + 3 * 2 + 4 + 2);
        assertThat(r.srl()).isEqualTo(7);
        assertThat(r.bram18()).isEqualTo(3);
        assertThat(r.ff()).isEqualTo(6);
        assertThat(r.lut()).isEqualTo(7);
    }

    @Test
    void nextpnrReportJson() throws Exception {
        NextpnrReport.Parsed p = NextpnrReport.fromReportJson(SynthTestFiles.captured("ice40-small-nextpnr-report.json"), "nextpnr-report.json");
        assertThat(p.used("ICESTORM_LC")).isEqualTo(437);
        assertThat(p.used("ICESTORM_RAM")).isEqualTo(18);
        assertThat(p.used("ICESTORM_DSP")).isEqualTo(4);
        assertThat(p.used("ICESTORM_SPRAM")).isZero();
        assertThat(p.used("SB_IO")).isEqualTo(5);
        assertThat(p.utilisation().get("ICESTORM_LC").available()).isEqualTo(5280);
        assertThat(p.fmaxMhz()).isCloseTo(65.28, within(0.01));
    }

    @Test
    void nextpnrLogTakesTheFinalFmaxAndIgnoresPseudoClocks() {
        NextpnrReport.Parsed p = NextpnrReport.fromLog(SynthTestFiles.captured("ice40-small-nextpnr.log"), "nextpnr.log");
        assertThat(p.fmaxByClock()).containsOnlyKeys("clk$SB_IO_IN_$glb_clk");
        assertThat(p.fmaxMhz()).isEqualTo(65.28);   // post-route, not the post-placement 69.44
        assertThat(p.used("ICESTORM_LC")).isEqualTo(437);
        assertThat(p.used("ICESTORM_DSP")).isEqualTo(4);
    }

    @Test
    void aBelTypeTheTableDoesNotListIsAnErrorNamingTheFileNotZero() {
        NextpnrReport.Parsed p = NextpnrReport.fromLog("Info: Device utilisation:\nInfo: \t ICESTORM_LC:   437/ 5280     8%\n",
                "out/nextpnr.log");
        assertThat(p.used("ICESTORM_LC")).isEqualTo(437);
        assertThatThrownBy(() -> p.used("ICESTORM_RAM")).hasMessageStartingWith("out/nextpnr.log: ")
                .hasMessageContaining("ICESTORM_RAM");
    }

    @Test
    void aReportEntryWithoutItsCountIsAnErrorNotZero() {
        assertThatThrownBy(() -> NextpnrReport.fromReportJson("{\"utilization\": {\"ICESTORM_LC\": {\"available\": 5280}}}",
                "r.json")).hasMessageContaining("r.json").hasMessageContaining("ICESTORM_LC.used");
        assertThatThrownBy(() -> NextpnrReport.fromReportJson("{\"fmax\": {\"clk\": {\"achieved\": \"fast\"}}}", "r.json"))
                .hasMessageContaining("fmax.clk.achieved");
    }

    @Test
    void unmappedYosysCellsAndNonNumericCountsAreErrors() {
        assertThatThrownBy(() -> YosysStats.cells("{\"design\": {\"num_cells_by_type\": {\"LUT6\": 3, \"$mul\": 1}}}"))
                .hasMessageContaining("$mul");
        assertThatThrownBy(() -> YosysStats.cells("{\"design\": {\"num_cells_by_type\": {\"LUT6\": \"x\"}}}"))
                .hasMessageContaining("LUT6");
    }

    @Test
    void aPortWithoutBitsIsAnError() {
        String json = "{\"modules\": {\"top\": {\"ports\": {\"clk\": {\"direction\": \"input\", \"bits\": [2]},"
                + " \"x\": {\"direction\": \"input\"}}}}}";
        assertThatThrownBy(() -> IoShim.ports(json, "top")).hasMessageContaining("'x'");
    }

    @Test
    void nextpnrLogOfADesignThatDoesNotFit() throws Exception {
        NextpnrReport.Parsed p = NextpnrReport.fromLog(SynthTestFiles.captured("ice40-big-nextpnr.log"), "nextpnr.log");
        assertThat(p.fmaxMhz()).isNaN();
        assertThat(p.used("ICESTORM_DSP")).isEqualTo(24);
        assertThat(p.used("ICESTORM_LC")).isGreaterThan(5280);
        Resources r = Ice40Flow.resources(YosysStats.cells(SynthTestFiles.captured("ice40-big-stat.json")), p);
        assertThat(r.ff()).isEqualTo(93 + 576 + 6003);
        assertThat(Target.ICE40UP5K.fits(r)).isFalse();
        assertThat(Target.ICE40UP5K.overLimit(r)).anyMatch(s -> s.startsWith("lc "))
                .anyMatch(s -> s.startsWith("ff ")).anyMatch(s -> s.startsWith("dsp 24/8"));
    }

    @Test
    void ice40ResourcesFromCapturedRun() throws Exception {
        NextpnrReport.Parsed p = NextpnrReport.fromReportJson(SynthTestFiles.captured("ice40-small-nextpnr-report.json"), "nextpnr-report.json");
        Resources r = Ice40Flow.resources(YosysStats.cells(SynthTestFiles.captured("ice40-small-stat.json")), p);
        assertThat(r.lc()).isEqualTo(437);
        assertThat(r.ff()).isEqualTo(160 + 146 + 2);
        assertThat(r.lut()).isEqualTo(341);
        assertThat(r.carry()).isEqualTo(136);
        assertThat(r.ebr()).isEqualTo(18);
        assertThat(r.dsp()).isEqualTo(4);
        assertThat(r.io()).isEqualTo(5);
        assertThat(Target.ICE40UP5K.fits(r)).isTrue();
    }

    @Test
    void shimFromCapturedPorts() throws Exception {
        List<IoShim.Port> ports = IoShim.ports(SynthTestFiles.captured("ice40-small-ports.json"), "intformer_top");
        assertThat(ports).extracting(IoShim.Port::name).containsExactly("clk", "rst", "start", "busy", "done",
                "in_we", "in_addr", "in_data", "out_addr", "out_data");
        assertThat(IoShim.totalBits(ports)).isEqualTo(86);
        assertThat(IoShim.shimBits(ports)).isEqualTo(84);
    }
}
