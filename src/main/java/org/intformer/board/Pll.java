package org.intformer.board;

import org.intformer.UserError;

/**
 * iCE40 PLL settings in SIMPLE feedback mode, chosen as icestorm's {@code icepll} chooses them: the first
 * (DIVR, DIVF, DIVQ) in ascending order whose output is closest to the request, with the phase detector input
 * within 10-133 MHz and the VCO within 533-1066 MHz (the iCE40 sysCLOCK PLL limits icepll uses).
 *
 * @param inputMhz    reference clock (the board's oscillator)
 * @param requestedMhz requested output
 * @param outputMhz   achieved output: {@code input / (DIVR + 1) * (DIVF + 1) / 2^DIVQ}
 */
public record Pll(double inputMhz, double requestedMhz, int divr, int divf, int divq, int filterRange, double outputMhz) {

    /** The output range of the iCE40 PLL. */
    public static final double MIN_OUT_MHZ = 16;
    public static final double MAX_OUT_MHZ = 275;

    /** The setting closest to {@code limitMhz} whose output is not above it (the step of the search: 0.05 MHz). */
    public static Pll atMost(double inputMhz, double limitMhz) {
        for (double request = limitMhz; ; request -= 0.05) {
            Pll p = solve(inputMhz, request);
            if (p.outputMhz() <= limitMhz) {
                return p;
            }
        }
    }

    public static Pll solve(double inputMhz, double requestedMhz) {
        if (!(requestedMhz >= MIN_OUT_MHZ && requestedMhz <= MAX_OUT_MHZ)) {
            throw new UserError(String.format("clock %.3f MHz is outside the iCE40 PLL's output range %.0f-%.0f MHz",
                    requestedMhz, MIN_OUT_MHZ, MAX_OUT_MHZ));
        }
        int br = -1;
        int bf = 0;
        int bq = 0;
        double best = 0;
        for (int divr = 0; divr <= 15; divr++) {
            double pfd = inputMhz / (divr + 1);
            if (pfd < 10 || pfd > 133) {
                continue;
            }
            for (int divf = 0; divf <= 127; divf++) {
                double vco = pfd * (divf + 1);
                if (vco < 533 || vco > 1066) {
                    continue;
                }
                for (int divq = 1; divq <= 6; divq++) {
                    double out = vco / (1 << divq);
                    if (br < 0 || Math.abs(out - requestedMhz) < Math.abs(best - requestedMhz)) {
                        br = divr;
                        bf = divf;
                        bq = divq;
                        best = out;
                    }
                }
            }
        }
        if (br < 0) {
            throw new UserError("no iCE40 PLL setting reaches " + requestedMhz + " MHz from " + inputMhz + " MHz");
        }
        double pfd = inputMhz / (br + 1);
        int filter = pfd < 17 ? 1 : pfd < 26 ? 2 : pfd < 44 ? 3 : pfd < 66 ? 4 : pfd < 101 ? 5 : 6;
        return new Pll(inputMhz, requestedMhz, br, bf, bq, filter, best);
    }
}
