package org.intformer.hw.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.intformer.UserError;

/**
 * The FPGAs we synthesise for, with the resource limits that decide the fits / does-not-fit verdict.
 *
 * <p>XC7S15 (Spartan-7, DS180): 8,000 LUT6, 16,000 FF, 20 DSP48E1, 10 RAMB36E1 (= 20 RAMB18E1), 150 Kb of
 * distributed RAM (2,400 LUTs in SLICEMs), 100 user I/O in the largest packages; latency is computed at
 * 100 MHz as in the paper. iCE40 UP5K (DS-02008): 5,280 logic cells (LUT4 + FF each), 8 SB_MAC16, 30 EBR
 * of 4 Kb, 4 SPRAM of 256 Kb, 39 user I/O in the SG48 package; latency at the routed Fmax or a chosen clock.
 */
public enum Target {
    XC7S15("xc7s15", 100.0),
    ICE40UP5K("ice40up5k", 0.0);

    public static final int XC7S15_LUT = 8_000;
    public static final int XC7S15_FF = 16_000;
    public static final int XC7S15_DSP = 20;
    public static final int XC7S15_BRAM36 = 10;
    /** 150 Kb distributed RAM ÷ 64 bits per SLICEM LUT. */
    public static final int XC7S15_LUTRAM = 2_400;
    public static final int XC7S15_IO = 100;

    public static final int UP5K_LC = 5_280;
    public static final int UP5K_FF = 5_280;
    public static final int UP5K_DSP = 8;
    public static final int UP5K_EBR = 30;
    public static final int UP5K_SPRAM = 4;
    /** User I/O of the SG48 package (the one nextpnr is told to use). */
    public static final int UP5K_SG48_IO = 39;

    private final String id;
    private final double defaultClockMhz;

    Target(String id, double defaultClockMhz) {
        this.id = id;
        this.defaultClockMhz = defaultClockMhz;
    }

    /** The name used on the command line and in report.json ("xc7s15", "ice40up5k"). */
    public String id() {
        return id;
    }

    /** 100 MHz for XC7S15 (the paper's clock); 0 for iCE40 meaning "use the routed Fmax". */
    public double defaultClockMhz() {
        return defaultClockMhz;
    }

    /** Hard multipliers of the device: DSP48E1 slices (25 × 18 signed) or SB_MAC16 (16 × 16). */
    public int dspSlices() {
        return this == XC7S15 ? XC7S15_DSP : UP5K_DSP;
    }

    /** Whether the device has distributed (LUT) RAM; iCE40 has none, its small memories become EBR or logic. */
    public boolean hasLutRam() {
        return this == XC7S15;
    }

    /** Memories of at least this many bits go to block RAM; smaller ones to LUT RAM (XC7S15) or the tool's choice. */
    public int blockRamBits() {
        return this == XC7S15 ? 4096 : 2048;
    }

    public static Target parse(String text) {
        if (text != null) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            for (Target target : values()) {
                if (target.id.equals(t)) {
                    return target;
                }
            }
        }
        throw new UserError("unknown target '" + text + "': expected xc7s15 or ice40up5k");
    }

    /**
     * One line of the utilisation table. {@code binding} resources decide the verdict; the others (I/O on
     * XC7S15, which depends on the package and board) are reported only.
     */
    public record Usage(String resource, double used, int available, boolean binding) {
        public boolean within() {
            return used <= available;
        }

        public double percent() {
            return available == 0 ? 0.0 : 100.0 * used / available;
        }

        @Override
        public String toString() {
            String u = used == Math.rint(used) ? Long.toString((long) used) : Double.toString(used);
            return String.format(Locale.ROOT, "%s %s/%d (%.1f%%)%s", resource, u, available, percent(),
                    binding ? "" : " [not binding]");
        }
    }

    /**
     * The utilisation of every limited resource. XC7S15: LUTs count logic LUTs plus LUTs used as RAM or shift
     * registers; block RAM counts a RAMB18 as half a RAMB36.
     */
    public List<Usage> usage(Resources r) {
        List<Usage> list = new ArrayList<>();
        switch (this) {
            case XC7S15 -> {
                list.add(new Usage("lut", r.lut() + r.lutram() + r.srl(), XC7S15_LUT, true));
                list.add(new Usage("ff", r.ff(), XC7S15_FF, true));
                list.add(new Usage("dsp", r.dsp(), XC7S15_DSP, true));
                list.add(new Usage("bram36", r.bram36() + r.bram18() / 2.0, XC7S15_BRAM36, true));
                list.add(new Usage("lutram", r.lutram() + r.srl(), XC7S15_LUTRAM, true));
                list.add(new Usage("io", r.io(), XC7S15_IO, false));
            }
            case ICE40UP5K -> {
                list.add(new Usage("lc", r.lc(), UP5K_LC, true));
                list.add(new Usage("ff", r.ff(), UP5K_FF, true));
                list.add(new Usage("dsp", r.dsp(), UP5K_DSP, true));
                list.add(new Usage("ebr", r.ebr(), UP5K_EBR, true));
                list.add(new Usage("spram", r.spram(), UP5K_SPRAM, true));
                list.add(new Usage("io", r.io(), UP5K_SG48_IO, true));
            }
        }
        return list;
    }

    /** The device's limit of every binding resource, in {@link #usage} order (the same table, nothing used). */
    public java.util.Map<String, Integer> limits() {
        java.util.Map<String, Integer> m = new java.util.LinkedHashMap<>();
        for (Usage u : usage(Resources.xc7(0, 0, 0, 0, 0, 0))) {
            if (u.binding()) {
                m.put(u.resource(), u.available());
            }
        }
        return m;
    }

    /** True when every binding resource is within the device's limit. */
    public boolean fits(Resources r) {
        return overLimit(r).isEmpty();
    }

    /** The binding resources that exceed the device, e.g. ["dsp 24/20 (120.0%)"]; empty when it fits. */
    public List<String> overLimit(Resources r) {
        List<String> over = new ArrayList<>();
        for (Usage u : usage(r)) {
            if (u.binding() && !u.within()) {
                over.add(u.toString());
            }
        }
        return over;
    }

    @Override
    public String toString() {
        return id;
    }
}
