package org.intformer.hw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.intformer.hw.synth.Target;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pipelined requantizer module ({@link Requantizer#verilog}) under Icarus against brute-force integer math
 * (BigInteger): random widths on both devices (tiles of DSP48E1 and SB_MAC16 shapes, LUT chunks, adders cut
 * into pieces on iCE40, the lean iCE40 datapath's narrow sums), random operands at the extremes of their widths, every shift 0..63, one result per
 * cycle, in order.
 */
class RequantizerTest {
    @TempDir
    Path tmp;

    /** @param adder the adder width ({@link Requantizer#adderWidth(Target, double)}: 64 on iCE40 is the lean datapath) */
    record Case(long seed, Target target, int adder) {
        @Override
        public String toString() {
            return target + (adder != Requantizer.adderWidth(target) ? " lean" : "") + " seed " + seed;
        }
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        for (long s = 1; s <= 10; s++) {
            Target t = s % 2 == 0 ? Target.ICE40UP5K : Target.XC7S15;
            c.add(new Case(s, t, Requantizer.adderWidth(t)));
        }
        for (long s = 11; s <= 30; s++) {
            c.add(new Case(s, Target.ICE40UP5K, Requantizer.adderWidth(Target.ICE40UP5K, 24)));
        }
        return c;
    }

    static long rnd(Random r, int bits) {
        long max = (1L << (bits - 1)) - 1;
        return switch (r.nextInt(4)) {
            case 0 -> max;
            case 1 -> -max - 1;
            default -> r.nextLong() % (max + 1);
        };
    }

    static BigInteger roundShift(BigInteger p, int n) {
        if (n == 0) {
            return p;
        }
        BigInteger mag = p.abs().add(BigInteger.ONE.shiftLeft(n - 1)).shiftRight(n);
        return p.signum() < 0 ? mag.negate() : mag;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesIntegerArithmetic(Case c) throws IOException {
        assumeTrue(Simulation.available(Simulation.Simulator.ICARUS));
        Random r = new Random(c.seed());
        int xaw = 4 + r.nextInt(31);
        int maw = 2 + r.nextInt(31);
        boolean two = r.nextBoolean();
        int xbw = two ? 2 + r.nextInt(20) : 0;
        int mbw = two ? 2 + r.nextInt(24) : 0;
        int cw = r.nextBoolean() ? 2 + r.nextInt(30) : 0;
        int rw = 3 + r.nextInt(8);
        Requantizer q = new Requantizer("t", xaw, maw, xbw, mbw, cw, rw, rw, c.target(), c.adder());
        int n = 400;
        StringBuilder vec = new StringBuilder();
        StringBuilder exp = new StringBuilder();
        long lo = -(1L << (rw - 1)) + r.nextInt(3);
        long hi = (1L << (rw - 1)) - 1 - r.nextInt(3);
        long zy = r.nextInt((int) (hi - lo + 1)) + lo;
        for (int i = 0; i < n; i++) {
            long xa = rnd(r, xaw);
            long ma = rnd(r, maw);
            long xb = two ? rnd(r, xbw) : 0;
            long mb = two ? rnd(r, mbw) : 0;
            long cc = cw > 0 ? rnd(r, cw) : 0;
            int sh = i < 64 ? i : r.nextInt(64);
            BigInteger p = BigInteger.valueOf(xa).multiply(BigInteger.valueOf(ma)).add(BigInteger.valueOf(xb).multiply(BigInteger.valueOf(mb)))
                    .add(BigInteger.valueOf(cc));
            BigInteger v = roundShift(p, sh).add(BigInteger.valueOf(zy));
            long y = v.compareTo(BigInteger.valueOf(lo)) < 0 ? lo : v.compareTo(BigInteger.valueOf(hi)) > 0 ? hi : v.longValue();
            vec.append(VerilogGenerator.hex(xa, 64)).append(' ').append(VerilogGenerator.hex(ma, 64)).append(' ')
                    .append(VerilogGenerator.hex(xb, 64)).append(' ').append(VerilogGenerator.hex(mb, 64)).append(' ')
                    .append(VerilogGenerator.hex(cc, 64)).append(' ').append(VerilogGenerator.hex(sh, 64)).append('\n');
            exp.append(VerilogGenerator.hex(y, 64)).append('\n');
        }
        Files.writeString(tmp.resolve("vec.hex"), vec.toString().replace(' ', '\n'));
        Files.writeString(tmp.resolve("exp.hex"), exp.toString());
        Files.writeString(tmp.resolve("rq.v"), q.verilog());
        String ports = ".xa_i(vec[6*i][" + (xaw - 1) + ":0]), .ma_i(vec[6*i+1][" + (maw - 1) + ":0]), "
                + (two ? ".xb_i(vec[6*i+2][" + (xbw - 1) + ":0]), .mb_i(vec[6*i+3][" + (mbw - 1) + ":0]), " : "")
                + (cw > 0 ? ".c_i(vec[6*i+4][" + (cw - 1) + ":0]), " : "") + ".n_i(vec[6*i+5][5:0])";
        String tb = """
                `timescale 1ns/1ps
                module tb;
                reg clk = 0; always #5 clk = ~clk;
                reg [63:0] vec [0:%d]; reg [63:0] exp [0:%d];
                integer i = 0, got = 0, bad = 0;
                reg v = 0;
                wire ov; wire signed [%d:0] y; wire busy;
                intformer_rq_t dut (.clk(clk), .rst(1'b0), .in_v(v), %s, .zy(18'sd%d), .lo(-18'sd%d), .hi(18'sd%d),
                    .out_v(ov), .y(y), .busy(busy));
                always @(posedge clk) if (ov) begin
                    if (y !== exp[got][%d:0]) begin
                        if (bad < 5) $display("BAD %%0d got %%0d expected %%0d", got, y, $signed(exp[got][%d:0]));
                        bad = bad + 1;
                    end
                    got = got + 1;
                end
                initial begin
                    $readmemh("vec.hex", vec); $readmemh("exp.hex", exp);
                    @(negedge clk);
                    for (i = 0; i < %d; i = i + 1) begin v = 1; @(negedge clk); end
                    v = 0; i = 0;
                    repeat (%d) @(negedge clk);
                    $display("DONE got=%%0d bad=%%0d", got, bad);
                    $finish;
                end
                endmodule
                """.formatted(6 * n - 1, n - 1, rw - 1, ports, zy < 0 ? 0 : zy, -lo, hi, rw - 1, rw - 1, n, q.latency() + 4);
        if (zy < 0) {
            tb = tb.replace(".zy(18'sd0)", ".zy(-18'sd" + (-zy) + ")");
        }
        Files.writeString(tmp.resolve("tb.v"), tb);
        String out = Simulation.exec(tmp, List.of("iverilog", "-g2005", "-o", "tb.vvp", "tb.v", "rq.v"), 120)
                + Simulation.exec(tmp, List.of("vvp", "-n", "tb.vvp"), 120);
        if (System.getProperty("rq.keep") != null) {
            Simulation.exec(tmp, List.of("cp", "-r", ".", System.getProperty("rq.keep") + c.seed()), 10);
        }
        assertThat(out).as(q + "\n" + out).contains("DONE got=" + n + " bad=0");
    }
}
