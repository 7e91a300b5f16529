package org.intformer.hw.synth;

import java.util.Map;
import java.util.TreeMap;

/** Turns the cell counts of a {@code synth_xilinx} netlist into {@link Resources}. */
public final class XilinxCells {
    private XilinxCells() {
    }

    /**
     * LUTs taken by each 7-series distributed-RAM primitive (UG474, "Distributed RAM"): a single-port RAM
     * of depth 16/32/64 is one LUT, a dual-port one two; RAM128X1S two, RAM128X1D four, RAM256X1S four; the
     * multi-port RAM32M/RAM64M use a whole SLICEM (four LUTs).
     */
    public static final Map<String, Integer> LUTRAM_LUTS = Map.ofEntries(
            Map.entry("RAM16X1S", 1), Map.entry("RAM16X1S_1", 1), Map.entry("RAM32X1S", 1),
            Map.entry("RAM32X1S_1", 1), Map.entry("RAM64X1S", 1), Map.entry("RAM64X1S_1", 1),
            Map.entry("RAM16X1D", 2), Map.entry("RAM16X1D_1", 2), Map.entry("RAM32X1D", 2),
            Map.entry("RAM32X1D_1", 2), Map.entry("RAM64X1D", 2), Map.entry("RAM64X1D_1", 2),
            Map.entry("RAM128X1S", 2), Map.entry("RAM128X1S_1", 2), Map.entry("RAM128X1D", 4),
            Map.entry("RAM256X1S", 4), Map.entry("RAM32M", 4), Map.entry("RAM64M", 4),
            Map.entry("RAM16X2S", 2), Map.entry("RAM16X4S", 4), Map.entry("RAM16X8S", 8),
            Map.entry("RAM32X2S", 2), Map.entry("RAM32X4S", 4), Map.entry("RAM32X8S", 8),
            Map.entry("ROM16X1", 1), Map.entry("ROM32X1", 1), Map.entry("ROM64X1", 1),
            Map.entry("ROM128X1", 2), Map.entry("ROM256X1", 4));

    /** Resources of a netlist given its cell types and counts (hierarchy totals). */
    public static Resources fromCells(Map<String, Integer> cells) {
        int lut = 0, ff = 0, dsp = 0, b36 = 0, b18 = 0, lutram = 0, srl = 0, carry = 0, muxf = 0, io = 0;
        Map<String, Integer> clean = new TreeMap<>();
        for (Map.Entry<String, Integer> e : cells.entrySet()) {
            String type = e.getKey().startsWith("\\") ? e.getKey().substring(1) : e.getKey();
            int n = e.getValue();
            clean.merge(type, n, Integer::sum);
            if (type.matches("LUT[1-6]")) {
                lut += n;
            } else if (type.startsWith("FD") || type.startsWith("LDCE") || type.startsWith("LDPE")) {
                ff += n;
            } else if (type.startsWith("DSP48")) {
                dsp += n;
            } else if (type.equals("RAMB36E1") || type.equals("FIFO36E1")) {
                b36 += n;
            } else if (type.equals("RAMB18E1") || type.equals("FIFO18E1")) {
                b18 += n;
            } else if (LUTRAM_LUTS.containsKey(type)) {
                lutram += n * LUTRAM_LUTS.get(type);
            } else if (type.startsWith("SRL")) {
                srl += n;
            } else if (type.equals("CARRY4")) {
                carry += n;
            } else if (type.equals("MUXF7") || type.equals("MUXF8")) {
                muxf += n;
            } else if (type.equals("IBUF") || type.equals("OBUF") || type.equals("IOBUF") || type.equals("OBUFT")
                    || type.equals("IBUFG")) {
                io += n;
            }
        }
        return new Resources(lut, ff, dsp, b36, b18, lutram, srl, carry, muxf, io, 0, 0, 0, clean);
    }
}
