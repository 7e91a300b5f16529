package org.intformer.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Random;
import org.intformer.tensor.Compute;
import org.intformer.tensor.FastMath;
import org.intformer.tensor.Kernels;
import org.intformer.tensor.KernelsFactory;
import org.intformer.tensor.Parallel;
import org.intformer.tensor.ScalarKernels;

/**
 * Prints kernel throughput on this workload's shapes, scalar against vector at 1 and 2 threads, side by side in
 * one run (the machine is shared, so only figures from the same run compare). Run with
 * {@code java --add-modules jdk.incubator.vector -cp target/classes org.intformer.bench.KernelBench}.
 */
public final class KernelBench {
    /** Each figure is the best of this many timed batches, each running for about BATCH_NANOS. */
    private static final int BATCHES = 5;
    private static final long BATCH_NANOS = 60_000_000L;

    private KernelBench() {
    }

    public static void main(String[] args) {
        Kernels scalar = new ScalarKernels();
        Kernels vector = KernelsFactory.vectorOrNull();
        if (vector == null) {
            System.out.println("jdk.incubator.vector missing: pass --add-modules jdk.incubator.vector");
            return;
        }
        try (Parallel p1 = new Parallel(1); Parallel p2 = new Parallel(2)) {
            Compute[] computes = {new Compute(scalar, p1), new Compute(scalar, p2),
                    new Compute(vector, p1), new Compute(vector, p2)};
            System.out.printf(Locale.ROOT, "kernels: %s, cores: %d%n", vector.name(),
                    Runtime.getRuntime().availableProcessors());
            // A silent first round lets C2 finish compiling every kernel: until it has, the Vector API runs
            // interpreted or in C1 at a hundredth of its speed, and a loaded machine compiles slowly.
            PrintStream console = System.out;
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            for (int round = 0; round < 2; round++) {
                gemmTable(computes);
                linearTable(computes);
                parallelOverhead(p2);
                expTable(scalar, vector);
                System.setOut(console);
            }
        }
    }

    private static void gemmTable(Compute[] computes) {
        int[][] shapes = {{24576, 32, 32}, {24576, 128, 32}, {24576, 32, 128}, {24576, 16, 16}, {24576, 8, 8},
                {24576, 24, 24}, {24576, 17, 33}, {4096, 256, 64}, {4096, 96, 96}};
        System.out.println();
        System.out.println("gemm GFLOP/s, rows split over threads        scalar-1T scalar-2T vector-1T vector-2T");
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            Random rnd = new Random(1);
            float[] a = random(rnd, m * k);
            float[] b = random(rnd, k * n);
            float[] c = new float[m * n];
            double flops = 2.0 * m * n * k;
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  C[%d,%d] = A[%d,%d]·B[%d,%d]",
                    m, n, m, k, k, n));
            pad(line, 46);
            for (Compute cp : computes) {
                double sec = time(() -> cp.bmm(1, m, n, k, a, 0, k, 0, false, b, 0, n, 0, false,
                        c, 0, n, 0, false));
                line.append(String.format(Locale.ROOT, "%10.1f", flops / sec / 1e9));
            }
            System.out.println(line);
        }
        int[][] attention = {{96, 96, 16, 0}, {96, 16, 96, 0}, {96, 96, 16, 2}, {96, 16, 96, 1}};
        String[] label = {"", "ᵀ·", "·ᵀ"};
        for (int[] s : attention) {
            int batch = 256;
            int m = s[0];
            int n = s[1];
            int k = s[2];
            boolean ta = s[3] == 1;
            boolean tb = s[3] == 2;
            Random rnd = new Random(2);
            float[] a = random(rnd, batch * m * k);
            float[] b = random(rnd, batch * k * n);
            float[] c = new float[batch * m * n];
            double flops = 2.0 * batch * m * n * k;
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  bmm 256 × [%d,%d] %s[%d,%d]",
                    m, n, s[3] == 0 ? "·" : label[s[3]], k, n));
            pad(line, 46);
            for (Compute cp : computes) {
                double sec = time(() -> cp.bmm(batch, m, n, k, a, 0, ta ? m : k, m * k, ta,
                        b, 0, tb ? k : n, k * n, tb, c, 0, n, m * n, false));
                line.append(String.format(Locale.ROOT, "%10.1f", flops / sec / 1e9));
            }
            System.out.println(line);
        }
    }

    private static void linearTable(Compute[] computes) {
        System.out.println();
        System.out.println("linear, ms per call                            scalar-1T scalar-2T vector-1T vector-2T");
        int n = 24576;
        for (int[] s : new int[][] {{32, 32}, {32, 128}, {128, 32}}) {
            int k = s[0];
            int o = s[1];
            Random rnd = new Random(3);
            float[] x = random(rnd, n * k);
            float[] w = random(rnd, k * o);
            float[] bias = random(rnd, o);
            float[] y = new float[n * o];
            float[] dy = random(rnd, n * o);
            float[] dx = new float[n * k];
            float[] dw = new float[k * o];
            float[] db = new float[o];
            StringBuilder fwd = new StringBuilder(String.format(Locale.ROOT, "  forward  x[%d,%d]·w[%d,%d]", n, k, k, o));
            StringBuilder bwd = new StringBuilder(String.format(Locale.ROOT, "  backward x[%d,%d]·w[%d,%d]", n, k, k, o));
            pad(fwd, 46);
            pad(bwd, 46);
            for (Compute cp : computes) {
                fwd.append(String.format(Locale.ROOT, "%10.3f",
                        1e3 * time(() -> cp.linearForward(x, n, k, w, o, bias, y))));
                bwd.append(String.format(Locale.ROOT, "%10.3f",
                        1e3 * time(() -> cp.linearBackward(x, dy, n, k, o, w, dx, dw, db))));
            }
            System.out.println(fwd);
            System.out.println(bwd);
        }
    }

    private static void parallelOverhead(Parallel p2) {
        long[] sink = new long[2];
        double sec = time(() -> p2.forRange(2, 1, (lo, hi) -> sink[lo]++));
        System.out.println();
        System.out.printf(Locale.ROOT, "Parallel(2) empty region: %.2f µs%n", sec * 1e6);
    }

    private static void expTable(Kernels scalar, Kernels vector) {
        int len = 1 << 16;
        float[] src = random(new Random(4), len);
        float[] dst = new float[len];
        double mathExp = time(() -> {
            for (int i = 0; i < len; i++) {
                dst[i] = (float) Math.exp(src[i]);
            }
        });
        double sExp = time(() -> scalar.exp(src, 0, dst, 0, len));
        double vExp = time(() -> vector.exp(src, 0, dst, 0, len));
        double sTanh = time(() -> scalar.tanh(src, 0, dst, 0, len));
        double vTanh = time(() -> vector.tanh(src, 0, dst, 0, len));
        System.out.printf(Locale.ROOT, "ns/element: Math.exp %.2f, FastMath.exp scalar %.2f vector %.2f, "
                + "tanh scalar %.2f vector %.2f%n", mathExp * 1e9 / len, sExp * 1e9 / len, vExp * 1e9 / len,
                sTanh * 1e9 / len, vTanh * 1e9 / len);
        if (FastMath.exp(0f) != 1f) {
            throw new AssertionError("exp(0) != 1");
        }
    }

    /** Best seconds per call over several batches, after one untimed warm-up batch. */
    private static double time(Runnable r) {
        double best = Double.MAX_VALUE;
        for (int batch = -1; batch < BATCHES; batch++) {
            long start = System.nanoTime();
            long calls = 0;
            long now;
            do {
                r.run();
                calls++;
                now = System.nanoTime();
            } while (now - start < BATCH_NANOS);
            if (batch >= 0) {
                best = Math.min(best, (now - start) / 1e9 / calls);
            }
        }
        return best;
    }

    private static void pad(StringBuilder sb, int width) {
        while (sb.length() < width) {
            sb.append(' ');
        }
    }

    private static float[] random(Random rnd, int len) {
        float[] v = new float[len];
        for (int i = 0; i < len; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }
}
